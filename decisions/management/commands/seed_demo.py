from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from decisions import demo
from decisions.models import Decision, Membership, Organization
from scoring.questions import Answer, validate_answers

DEMO_USERS = (
    # username, full name, role
    ("admin", "Ada Admin", Membership.Role.ADMIN),
    ("approver", "Priya Approver", Membership.Role.APPROVER),
    ("editor", "Eli Editor", Membership.Role.EDITOR),
    ("viewer", "Vic Viewer", Membership.Role.VIEWER),
)

DEMO_DECISIONS: tuple[tuple[str, str, str, str, dict[str, Answer]], ...] = (
    (
        "Clinical notes summarisation",
        "Summarise clinicians' notes into discharge letters inside the hospital network.",
        "Clinical systems",
        "editor",
        demo.HOSPITAL_NOTES,
    ),
    (
        "Website support assistant",
        "Answer customers' questions on the public website from our published help pages.",
        "Customer experience",
        "editor",
        demo.SUPPORT_CHAT,
    ),
    (
        "Contract review assistant",
        "Flag risky clauses in supplier contracts; the hardest questions need a frontier model.",
        "Legal operations",
        "approver",
        demo.CONTRACT_REVIEW,
    ),
    (
        "Field maintenance assistant",
        "Guide technicians through repairs on offshore sites without a network connection.",
        "Operations",
        "admin",
        demo.FIELD_MAINTENANCE,
    ),
    (
        "Internal code assistant",
        "Code completion and review hints for our engineers.",
        "Platform",
        "editor",
        {},
    ),
)


class Command(BaseCommand):
    help = "Create the demo organisation, one user per role and sample decisions (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--password",
            default="openweigh-demo",
            help="Password for the demo users (default: openweigh-demo).",
        )

    @transaction.atomic
    def handle(self, *args: Any, password: str, **options: Any) -> None:
        org, _ = Organization.objects.get_or_create(slug="demo", defaults={"name": "Demo Org"})
        User = get_user_model()
        users = {}
        for username, full_name, role in DEMO_USERS:
            first, last = full_name.split(" ", 1)
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@demo.example",
                },
            )
            user.set_password(password)
            user.is_staff = user.is_superuser = role == Membership.Role.ADMIN
            user.save()
            Membership.objects.update_or_create(
                user=user, organization=org, defaults={"role": role}
            )
            users[username] = user
        for title, use_case, team, owner, answers in DEMO_DECISIONS:
            Decision.objects.get_or_create(
                organization=org,
                title=title,
                defaults={
                    "use_case": use_case,
                    "team": team,
                    "owner": users[owner],
                    "answers": validate_answers(answers, partial=True),
                },
            )
        self.stdout.write(
            f"Demo Org ready: {len(DEMO_USERS)} users, "
            f"{Decision.objects.filter(organization=org).count()} decisions."
        )
