from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from decisions import demo
from decisions.models import Decision, Membership, Organization
from decisions.services import evaluations, simulations
from decisions.services.weights import weight_set_save_direct
from scoring.questions import Answer, validate_answers
from scoring.tco import default_inputs

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


# A board that has weighed, and disagrees on cost: the spread and the disputed criterion show.
DEMO_WEIGHTS: dict[str, dict[str, dict[str, float]]] = {
    "Contract review assistant": {
        "approver": {"sensitivity": 40, "latency": 10, "customization": 15, "tco": 10, "risk": 25},
        "editor": {"sensitivity": 25, "latency": 10, "customization": 15, "tco": 35, "risk": 15},
    },
}
# A finished cost simulation, so that a result's TCO fit comes from one.
DEMO_SIMULATIONS = {"Website support assistant": 20_000}


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
            decision, created = Decision.objects.get_or_create(
                organization=org,
                title=title,
                defaults={
                    "use_case": use_case,
                    "team": team,
                    "owner": users[owner],
                    "answers": validate_answers(answers, partial=True),
                },
            )
            if created:  # what people did with an existing demo decision stays as it is
                self.add_board_work(decision, users)
        self.stdout.write(
            f"Demo Org ready: {len(DEMO_USERS)} users, "
            f"{Decision.objects.filter(organization=org).count()} decisions."
        )

    def add_board_work(self, decision: Decision, users: dict[str, Any]) -> None:
        for username, weights in DEMO_WEIGHTS.get(decision.title, {}).items():
            weight_set_save_direct(decision=decision, member=users[username], weights=weights)
        trials = DEMO_SIMULATIONS.get(decision.title)
        if trials:
            # Run here, not by the worker, so the demo is complete before the server starts;
            # the same service the worker's task calls does the work.
            simulation = simulations.simulation_create(
                decision=decision,
                user=users["editor"],
                inputs=default_inputs(decision.answers)[0],
                trials=trials,
                seed=1,
            )
            simulations.simulation_execute(simulation_id=simulation.pk, task_id="seed-demo")
        # The result as the board first sees it, stored as any change of its inputs stores it.
        evaluations.scoring_run_store(decision=decision)
