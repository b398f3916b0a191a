from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

if TYPE_CHECKING:
    from decisions.permissions import Member

from scoring.questions import (
    AREAS,
    OPTION_LABELS,
    AnswersInvalid,
    FieldError,
    answered_areas,
    validate_answers,
)


def answer_errors(answers: Any) -> tuple[FieldError, ...]:
    """What the question bank refuses in an answers document, field by field."""
    try:
        validate_answers(answers, partial=True)
    except AnswersInvalid as invalid:
        return invalid.errors
    return ()


def validate_answer_document(value: Any) -> None:
    """Model-level check of an answers document (admin, fixtures, shell), naming each field."""
    if errors := answer_errors(value):
        raise ValidationError([str(error) for error in errors])


class FrozenRecord(Exception):
    """A write that would change an accepted (frozen) decision record, or erase one that was
    ever submitted: refused in the model layer, whatever path it came by (a form, a queryset
    update, the admin, the shell)."""


class Organization(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    # How many approvals accept a decision record (four-eyes: never its owner's or editors').
    approval_quorum = models.PositiveSmallIntegerField(
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text="How many approvers must approve a decision record before it is accepted.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        VIEWER = "viewer", "Viewer"
        EDITOR = "editor", "Editor"
        APPROVER = "approver", "Approver"
        ADMIN = "admin", "Admin"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.VIEWER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organization} ({self.role})"


OPTION_CHOICES = [(option, label) for option, label in OPTION_LABELS.items()]


class DecisionQuerySet(models.QuerySet["Decision"]):
    def update(self, **kwargs: object) -> int:
        if (
            set(kwargs) - Decision.CHANGEABLE_WHEN_FROZEN
            and self.filter(status__in=Decision.FROZEN).exists()
        ):
            raise FrozenRecord("An accepted decision record cannot be changed.")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(submitted_at__isnull=False).exists():
            raise FrozenRecord("A decision that was ever submitted is kept: archive it instead.")
        return super().delete()


class Decision(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        SUPERSEDED = "superseded", "Superseded"
        DEPRECATED = "deprecated", "Deprecated"

    # Accepted records and what became of them: their record is frozen.
    FROZEN = (Status.ACCEPTED, Status.SUPERSEDED, Status.DEPRECATED)
    # What may still change on a frozen record: its status (accepted → superseded or
    # deprecated), and what the periodic review finds about it.
    CHANGEABLE_WHEN_FROZEN = frozenset(
        {
            "status",
            "updated_at",
            "archived_at",
            "review_due",
            "rescored_at",
            "rescore_differs",
            "rescore_note",
        }
    )

    # The record's text, as the record form edits it and the snapshot keeps it.
    RECORD_TEXT_FIELDS = (
        "title",
        "context",
        "drivers",
        "option_notes",
        "chosen_option",
        "choice_justification",
        "rationale",
        "consequences",
        "dissent",
        "decision_makers",
        "consulted",
        "informed",
        "revisit_on",
    )

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="decisions"
    )
    title = models.CharField(max_length=200)
    use_case = models.TextField(help_text="What the model will do, for whom, in a few sentences.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_decisions",
    )
    team = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    # {"question_id": value}, validated against scoring.questions; partial while drafting.
    answers = models.JSONField(default=dict, blank=True, validators=[validate_answer_document])

    # The record, after MADR: why, what was chosen, and who decided.
    context = models.TextField(
        blank=True, help_text="The problem and the circumstances that make a decision necessary."
    )
    drivers = models.TextField(
        blank=True, help_text="What matters most in this decision; the weights suggest them."
    )
    # {"open": {"pros": "…", "cons": "…"}, …}; derived from the fits until someone edits them.
    option_notes = models.JSONField(default=dict, blank=True)
    chosen_option = models.CharField(max_length=16, choices=OPTION_CHOICES, blank=True)
    choice_justification = models.TextField(
        blank=True,
        help_text="Required when the chosen option is not the one the model recommends.",
    )
    rationale = models.TextField(blank=True, help_text="Why this option, in the board's words.")
    consequences = models.TextField(
        blank=True, help_text="What follows from the decision, good and bad."
    )
    dissent = models.TextField(blank=True, help_text="Who disagreed, and why.")
    decision_makers = models.JSONField(default=list, blank=True)
    consulted = models.JSONField(default=list, blank=True)
    informed = models.JSONField(default=list, blank=True)
    revisit_on = models.DateField(null=True, blank=True)
    # The cost simulation the record rests on, pinned by an editor; a newer run does not
    # replace it.
    cost_basis = models.ForeignKey(
        "TcoSimulation", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    # The shortlist: the candidate models, by their name in the model catalog. Their licence
    # facts feed the licence-risk fit, their prices and throughput the cost model's defaults.
    open_model = models.CharField("Candidate open-weights model", max_length=200, blank=True)
    closed_model = models.CharField("Candidate closed model", max_length=200, blank=True)

    # The lifecycle.
    review_round = models.PositiveIntegerField(default=0)  # one more on every submission
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # What the periodic review found: the revisit date has passed; today's model would
    # recommend another option.
    review_due = models.BooleanField(default=False)
    rescored_at = models.DateTimeField(null=True, blank=True)
    rescore_differs = models.BooleanField(default=False)
    rescore_note = models.TextField(blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DecisionQuerySet.as_manager()

    # Who it was loaded for, as decisions.access annotates it; not columns.
    member_role: str | None
    member: Member

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["organization", "-updated_at"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            self._refuse_changes_to_a_frozen_record(kwargs.get("update_fields"))  # type: ignore[arg-type]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", args=[self.pk])

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        if Decision.objects.filter(pk=self.pk, submitted_at__isnull=False).exists():
            raise FrozenRecord("A decision that was ever submitted is kept: archive it instead.")
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]

    def _refuse_changes_to_a_frozen_record(self, update_fields: Iterable[str] | None) -> None:
        stored = Decision.objects.filter(pk=self.pk, status__in=self.FROZEN).first()
        if stored is None:
            return
        columns = {
            field.name: field.attname  # type: ignore[union-attr]
            for field in self._meta.get_fields()
            if field.concrete
        }
        names = set(update_fields) if update_fields is not None else set(columns)
        changed = {
            name
            for name in names - self.CHANGEABLE_WHEN_FROZEN
            if getattr(stored, columns[name]) != getattr(self, columns[name])
        }
        if changed:
            raise FrozenRecord(
                f"“{stored.title}” is {stored.get_status_display().lower()}: its record is "
                f"frozen ({', '.join(sorted(changed))} cannot change)."
            )

    @property
    def is_frozen(self) -> bool:
        return self.status in self.FROZEN

    @property
    def answered_areas(self) -> tuple[str, ...]:
        return answered_areas(self.answers)

    @property
    def answer_errors(self) -> tuple[FieldError, ...]:
        """Stored answers the question bank refuses; empty for answers saved through the
        questionnaire, which validates them."""
        return answer_errors(self.answers)

    @property
    def is_complete(self) -> bool:
        return len(self.answered_areas) == len(AREAS) and not self.answer_errors

    @property
    def next_area(self) -> str | None:
        done = set(self.answered_areas)
        return next((area.criterion for area in AREAS if area.criterion not in done), None)


class FrozenDecisionRowsQuerySet(models.QuerySet[models.Model]):
    """Rows that belong to a decision (its members' weights) change only while the decision
    is not frozen."""

    def update(self, **kwargs: object) -> int:
        if self.filter(decision__status__in=Decision.FROZEN).exists():
            raise FrozenRecord("The weights of an accepted decision record cannot change.")
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        if self.filter(decision__status__in=Decision.FROZEN).exists():
            raise FrozenRecord("The weights of an accepted decision record cannot change.")
        return super().delete()


class WeightSet(models.Model):
    """One board member's weights for one decision: direct (sliders) or pairwise (AHP)."""

    class Method(models.TextChoices):
        DIRECT = "direct", "Sliders"
        PAIRWISE = "pairwise", "Pairwise comparisons"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="weight_sets")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="weight_sets"
    )
    method = models.CharField(max_length=16, choices=Method.choices, default=Method.DIRECT)
    # {"sensitivity": 30, ...}: any non-negative numbers, normalised when used.
    direct = models.JSONField(default=dict, blank=True)
    # 5 × 5 reciprocal judgment matrix, criteria in scoring.questions.CRITERIA order.
    pairwise = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = FrozenDecisionRowsQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "member"], name="one_weight_set_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.decision} ({self.method})"

    def save(self, *args: object, **kwargs: object) -> None:
        if Decision.objects.filter(pk=self.decision_id, status__in=Decision.FROZEN).exists():
            raise FrozenRecord("The weights of an accepted decision record cannot change.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ScoringRun(models.Model):
    """A computed result, stored with the model version, its inputs and its outputs, so that
    a board can be shown exactly what it saw and the numbers can be reproduced."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="scoring_runs")
    model_version = models.PositiveIntegerField()
    inputs = models.JSONField()
    inputs_hash = models.CharField(max_length=64)
    outputs = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "model_version", "inputs_hash"], name="one_run_per_input"
            )
        ]

    def __str__(self) -> str:
        return f"Scoring run {self.pk} of {self.decision} (v{self.model_version})"


class TcoSimulation(models.Model):
    """A Monte Carlo cost simulation. The row is the job: status and progress are written by
    the worker and polled by the page; results are summaries (percentiles), not raw trials."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="simulations")
    # 1, 2, 3… within its decision: "simulation 3" means the same to everyone on the board.
    number = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0)
    trials = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    inputs = models.JSONField()
    # Digest of the defaults its inputs started from (the answers' volumes, GPU
    # infrastructure, ML team, adaptation, availability, and the shortlisted models' catalog
    # figures): a simulation feeds the TCO fit only while it matches.
    answers_fingerprint = models.CharField(max_length=64, blank=True)
    summary = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    # Broker trouble when enqueueing; the row stays queued and the sweep retries.
    enqueue_error = models.CharField(max_length=300, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="one_number_per_simulation")
        ]

    def __str__(self) -> str:
        return f"Simulation {self.number} of {self.decision} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("decisions:simulation", args=[self.decision_id, self.number])

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def duration_s(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class AppendOnlyQuerySet(models.QuerySet[models.Model]):
    """Rows that are history: written once, never changed or removed."""

    def update(self, **kwargs: object) -> int:
        raise FrozenRecord(f"{self.model.__name__} rows are history and are never changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise FrozenRecord(f"{self.model.__name__} rows are history and are never removed.")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise FrozenRecord(f"{type(self).__name__} rows are history and are never changed.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise FrozenRecord(f"{type(self).__name__} rows are history and are never removed.")


class Approval(AppendOnly):
    """An approver's verdict on a decision record in one review round."""

    class Verdict(models.TextChoices):
        APPROVE = "approve", "Approved"
        REJECT = "reject", "Rejected"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="approvals")
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="approvals"
    )
    review_round = models.PositiveIntegerField()
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "approver", "review_round"], name="one_verdict_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.approver} {self.get_verdict_display().lower()} {self.decision}"


class DecisionEvent(AppendOnly):
    """The audit trail: who did what to a decision, and when; field by field for changes."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        ANSWERS = "answers", "Changed answers"
        WEIGHTS = "weights", "Gave weights"
        RECORD = "record", "Changed the record"
        COST_BASIS = "cost_basis", "Pinned the cost basis"
        SHORTLIST = "shortlist", "Changed the shortlist"
        SUBMITTED = "submitted", "Submitted for review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        ACCEPTED = "accepted", "Accepted"
        REOPENED = "reopened", "Reopened as a draft"
        DEPRECATED = "deprecated", "Deprecated"
        SUPERSEDED = "superseded", "Superseded"
        REVISITED = "revisited", "Revisited"
        ARCHIVED = "archived", "Archived"
        RESTORED = "restored", "Restored from the archive"
        REVIEW_DUE = "review_due", "Review due"
        RESCORED = "rescored", "Re-scored"

    # What counts as writing the decision's content, for four-eyes: whoever did one of these
    # may not approve it.
    EDITS = (Kind.CREATED, Kind.ANSWERS, Kind.RECORD, Kind.COST_BASIS, Kind.SHORTLIST)

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # {"field": [old, new], …} for changes; other facts of the event otherwise.
    changes = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["decision", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.decision}, {self.created_at:%Y-%m-%d %H:%M})"


class RecordSnapshot(AppendOnly):
    """An accepted record, frozen: everything it rests on as one canonical JSON text (kept as
    text, byte for byte, so that its SHA-256 can be checked by anyone; docs/records.md)."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="snapshot")
    content = models.TextField()
    content_hash = models.CharField(max_length=64)
    model_version = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"Snapshot of {self.decision} ({self.content_hash[:12]}…)"


class PolicyRule(models.Model):
    """A rule of an organisation's, applied to every one of its decisions: it knocks out
    options, or warns, when its conditions hold (``scoring.policy`` reads ``definition``).
    Every change makes a new version, kept in ``PolicyRuleRevision``; results name the
    version they were scored with."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="policy_rules"
    )
    name = models.CharField(max_length=120)
    # {"effect", "options", "reason", "when"}: scoring.policy's rule, without id and version.
    definition = models.JSONField()
    version = models.PositiveIntegerField(default=1)
    active = models.BooleanField(default=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="one_rule_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    def as_json(self) -> dict[str, object]:
        """The rule as scoring.policy.parse_rule reads it."""
        return {**self.definition, "id": self.pk, "name": self.name, "version": self.version}


class PolicyRuleRevision(AppendOnly):
    """Each version of a policy rule, as it was saved."""

    rule = models.ForeignKey(PolicyRule, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    name = models.CharField(max_length=120)
    definition = models.JSONField()
    active = models.BooleanField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "version"], name="one_revision_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class PdfExport(models.Model):
    """A decision record as a PDF, made in the background. The row is the job, as for a cost
    simulation (status, heartbeat, enqueue trouble); once made it holds the PDF.

    An accepted record's PDF is made once from its frozen snapshot and served again
    (``record_hash`` names the snapshot it shows); a draft's is made for the one who asked and
    never reused, since a draft changes. The chart SVGs of a frozen record are kept here too,
    so that its PDF in another paper size draws no chart again."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Ready"
        FAILED = "failed", "Failed"

    class Paper(models.TextChoices):
        A4 = "a4", "A4"
        LETTER = "letter", "US Letter"

    FINISHED = (Status.SUCCEEDED, Status.FAILED)

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="pdf_exports")
    paper = models.CharField(max_length=8, choices=Paper.choices, default=Paper.A4)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0)
    # The frozen snapshot's content hash and the record's status the PDF shows: an accepted
    # record's PDF is served again while both are the same. Blank for a draft.
    record_hash = models.CharField(max_length=64, blank=True)
    record_status = models.CharField(max_length=16, blank=True)
    content = models.BinaryField(null=True, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, blank=True)  # SHA-256 of the PDF
    size = models.PositiveIntegerField(default=0)
    # {"contributions": "<svg…>", …}: the charts as drawn, kept for a frozen record.
    charts = models.JSONField(null=True, blank=True, editable=False)
    # Why the charts are tables in this PDF (no Chromium, Chromium failed); "" when drawn.
    charts_note = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    enqueue_error = models.CharField(max_length=300, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"]),
            models.Index(fields=["decision", "record_hash"]),
        ]

    def __str__(self) -> str:
        return f"PDF {self.pk} of {self.decision} ({self.paper}, {self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_ready(self) -> bool:
        """Made, and still kept (a draft's PDF is dropped after a day)."""
        return self.status == self.Status.SUCCEEDED and self.size > 0
