from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from decisions import demo
from decisions.models import Decision, DecisionEvent, Membership, Organization
from decisions.services import evaluations, records, simulations
from decisions.services.events import event_record
from decisions.services.shortlist import tco_defaults
from decisions.services.weights import weight_set_save_direct
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
    (
        "Marketing copy translation",
        "Translate product pages and newsletters into eight languages before publication.",
        "Marketing",
        "editor",
        demo.SUPPORT_CHAT,
    ),
)


@dataclass(frozen=True)
class DemoRecord:
    """A decision record as the board wrote it, and how far along its lifecycle it went."""

    context: str
    rationale: str
    consequences: str
    stage: str  # "in_review", "accepted", "rejected" or "superseded"
    dissent: str = ""
    justification: str = ""  # when the board chose another option than the recommendation
    chosen: str = ""  # "": the recommendation
    comment: str = ""  # the approver's, or the reason for a rejection
    successor_rationale: str = ""  # for "superseded": the revisited record's


DEMO_RECORDS: dict[str, DemoRecord] = {
    "Website support assistant": DemoRecord(
        context="Customers ask the same questions about orders and returns; every answer is "
        "already on our public help pages.",
        rationale="Public data, modest volume and a team without ML operations: a vendor API "
        "answers best for least, and we keep our help pages as the only source.",
        consequences="We depend on one vendor's API and its price list; the answers must be "
        "checked against the help pages at each release.",
        stage="accepted",
        comment="Public data only: agreed.",
    ),
    "Clinical notes summarisation": DemoRecord(
        context="Clinicians spend an hour a day writing discharge letters from their notes. "
        "Patient data may not leave the hospital network.",
        rationale="Health data that may not leave our infrastructure rules out a vendor API; "
        "a model we host ourselves keeps the notes where they are.",
        consequences="We run GPUs on premises and need people on call for them.",
        stage="superseded",
        comment="Agreed for the pilot year.",
        successor_rationale="A year on, the pilot holds: open weights on our own GPUs, now "
        "with a fine-tuned model and two replicas for availability.",
    ),
    "Contract review assistant": DemoRecord(
        context="Legal reviews a thousand supplier contracts a year; the hardest clauses need "
        "the strongest models, and the contracts may not leave our servers.",
        rationale="The contracts stay on our servers; frontier quality for the hardest "
        "clauses is the open question the board must settle.",
        consequences="Whatever we choose, legal keeps the final word on every flagged clause.",
        dissent="Eli would give cost more weight than the board does.",
        stage="in_review",
    ),
    "Marketing copy translation": DemoRecord(
        context="Product pages and newsletters go out in eight languages.",
        rationale="An API translates well enough; the copy is public once published.",
        consequences="Unpublished copy goes to the vendor before launch.",
        stage="rejected",
        comment="Unpublished copy is confidential until launch: the answers say public data "
        "only. Revisit the data classes and the vendor terms.",
    ),
}


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
            # An organisation's admin manages it in the app (its members, roles and quorum),
            # never through Django's admin, which sees every organisation: that is for staff
            # operators, made with `manage.py createsuperuser`.
            user.is_staff = user.is_superuser = False
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
                event_record(
                    decision=decision, actor=decision.owner, kind=DecisionEvent.Kind.CREATED
                )
                self.add_board_work(decision, users)
                if title in DEMO_RECORDS:
                    self.add_record(decision, users, DEMO_RECORDS[title])
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
                inputs=tco_defaults(decision)[0],
                trials=trials,
                seed=1,
            )
            simulations.simulation_execute(simulation_id=simulation.pk, task_id="seed-demo")
        # The result as the board first sees it, stored as any change of its inputs stores it.
        evaluations.scoring_run_store(decision=decision)

    def add_record(self, decision: Decision, users: dict[str, Any], spec: DemoRecord) -> None:
        """Write the record and take it along its lifecycle through the same services the
        pages use, so that its history, approvals and hash are genuine."""
        editor, approver, admin = users["editor"], users["approver"], users["admin"]
        recommendation = evaluations.decision_evaluate(decision=decision).result.recommendation
        decision.context, decision.rationale = spec.context, spec.rationale
        decision.drivers = records.suggested_drivers(decision)
        decision.consequences, decision.dissent = spec.consequences, spec.dissent
        decision.chosen_option = spec.chosen or recommendation or ""
        decision.choice_justification = spec.justification
        decision.decision_makers = ["Priya Approver", "Ada Admin"]
        decision.consulted = ["Security", "Legal"]
        decision.informed = ["Platform team"]
        decision.save()
        records.record_submit(decision=decision, by=decision.owner)
        judge = admin if decision.owner == approver else approver
        if spec.stage == "in_review":
            return
        records.record_judge(
            decision=decision, by=judge, approve=spec.stage != "rejected", comment=spec.comment
        )
        if spec.stage == "superseded":
            successor = records.record_revisit(decision=decision, by=editor)
            successor.title = f"{decision.title} (one year on)"
            successor.rationale = spec.successor_rationale
            successor.save()
            records.record_submit(decision=successor, by=editor)
            records.record_judge(decision=successor, by=admin, approve=True, comment="Renewed.")
