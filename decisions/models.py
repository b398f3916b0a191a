from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from scoring.questions import AREAS, answered_areas


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

    @property
    def can_edit(self) -> bool:
        return self.role != self.Role.VIEWER


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
    answers = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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
    def is_complete(self) -> bool:
        return len(self.answered_areas) == len(AREAS)

    @property
    def next_area(self) -> str | None:
        done = set(self.answered_areas)
        return next((area.criterion for area in AREAS if area.criterion not in done), None)
