from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from scoring.questions import AREAS, AnswersInvalid, FieldError, answered_areas, validate_answers


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


class Organization(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
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


class Decision(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        SUPERSEDED = "superseded", "Superseded"
        DEPRECATED = "deprecated", "Deprecated"

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
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # The role of the member it was loaded for (decisions.access annotates it); not a column.
    member_role: str | None

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["organization", "-updated_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("decisions:detail", args=[self.pk])

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

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "member"], name="one_weight_set_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member} on {self.decision} ({self.method})"


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0)
    trials = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    inputs = models.JSONField()
    # Digest of the defaults the answers gave the inputs (volumes, GPU infrastructure, ML
    # team, adaptation, availability): a simulation feeds the TCO fit only while it matches.
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

    def __str__(self) -> str:
        return f"Simulation {self.pk} of {self.decision} ({self.status})"

    def get_absolute_url(self) -> str:
        return reverse("decisions:simulation", args=[self.decision_id, self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def duration_s(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
