"""The model catalog: global reference data, in numbered versions.

Every import (and every load of the shipped file) makes a new CatalogVersion holding a full
copy of the catalog as it then stands; nothing in an earlier version changes afterwards. So a
decision record can name the version it used and get the same facts back later. Each row also
names the version that set its values (``set_in``): a row copied unchanged into a new version
keeps the version it came from.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from catalog.document import FACT_FIELDS
from catalog.licences import (
    CATEGORIES,
    CATEGORY_LABELS,
    Clause,
    LicenceTerms,
    clause_from_json,
    clauses_from_json,
)


class CatalogVersion(models.Model):
    class Kind(models.TextChoices):
        FIXTURE = "fixture", "Catalog file loaded"
        PRICES = "litellm_prices", "API prices imported (LiteLLM format)"
        OPENNESS = "mot_openness", "Openness imported (Model Openness Tool)"

    # Numbered 1, 2, 3… in the order they were made; the number is what a record cites.
    number = models.PositiveIntegerField(primary_key=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    source = models.CharField(max_length=500, help_text="The file or files it was made from.")
    content_hash = models.CharField(max_length=64, help_text="sha256 of what was read.")
    # What the import did: counts, and each change with its old and new value.
    summary = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Catalog version {self.number} ({self.get_kind_display()})"


class Versioned(models.Model):
    """A row of one catalog version, and the version that set its values."""

    version = models.ForeignKey(CatalogVersion, on_delete=models.CASCADE, related_name="+")
    set_in = models.ForeignKey(CatalogVersion, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


CATEGORY_CHOICES = [(category, CATEGORY_LABELS[category]) for category in CATEGORIES]


class Licence(Versioned):
    key = models.CharField(max_length=80, help_text="Stable id, e.g. llama-3.1-community.")
    name = models.CharField(max_length=200)
    spdx_id = models.CharField(max_length=80, blank=True, help_text="Blank: no SPDX id.")
    hf_id = models.CharField(max_length=80, blank=True, help_text="Its Hugging Face licence id.")
    osi_approved = models.BooleanField()
    proprietary = models.BooleanField(default=False)
    copyleft = models.BooleanField(default=False)
    # Derived from the terms by catalog.licences.licence_category when the row is written.
    category = models.CharField(max_length=32, choices=CATEGORY_CHOICES)
    url = models.URLField(max_length=500, blank=True)
    obligations = models.TextField(blank=True, help_text="What the licence asks, in plain words.")
    # {flag_id: {"text", "source"}}: the clauses that raise flags (catalog.licences).
    clauses = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=500)
    as_of = models.DateField()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="catalog_licence_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def terms(self) -> LicenceTerms:
        return LicenceTerms(
            key=self.key,
            name=self.name,
            spdx=self.spdx_id or None,
            osi_approved=self.osi_approved,
            proprietary=self.proprietary,
            copyleft=self.copyleft,
            clauses=clauses_from_json(self.clauses),
        )


class Model(Versioned):
    class Access(models.TextChoices):
        OPEN_WEIGHTS = "open_weights", "Open weights"
        CLOSED_API = "closed_api", "Closed API"

    class CommercialUse(models.TextChoices):
        YES = "yes", "Yes"
        CONDITIONAL = "conditional", "Yes, with conditions"
        NO = "no", "No"

    class Openness(models.TextChoices):
        OPEN = "open", "Open"
        PARTIAL = "partial", "Partly open"
        CLOSED = "closed", "Not released"
        UNKNOWN = "unknown", "Unknown"

    # The facts whose source and date ``provenance`` must give.
    FACT_FIELDS = FACT_FIELDS

    slug = models.SlugField(max_length=120)
    name = models.CharField(max_length=200)
    developer = models.CharField(max_length=200)
    access = models.CharField(max_length=16, choices=Access.choices)
    licence = models.ForeignKey(Licence, on_delete=models.PROTECT, related_name="models")
    weights_downloadable = models.BooleanField()
    weights_note = models.CharField(max_length=300, blank=True)
    commercial_use = models.CharField(max_length=16, choices=CommercialUse.choices)
    commercial_note = models.CharField(max_length=300, blank=True)
    restrictions = models.TextField(blank=True)
    training_code = models.CharField(max_length=16, choices=Openness.choices)
    training_code_note = models.CharField(max_length=300, blank=True)
    training_data = models.CharField(max_length=16, choices=Openness.choices)
    training_data_note = models.CharField(max_length=300, blank=True)
    parameters = models.CharField(max_length=200, blank=True)
    context_length = models.CharField(max_length=200, blank=True, help_text="As the source says.")
    # Evidence that the maker presents the model as open: {"text", "source"}, or null.
    marketed_open = models.JSONField(null=True, blank=True)
    # Where its other facts come from: the LiteLLM keys that price it, its Model Openness
    # Tool record, its European Open Source AI Index record.
    litellm_keys = models.JSONField(default=list, blank=True)
    mot_record = models.CharField(max_length=200, blank=True)
    osai_record = models.CharField(max_length=200, blank=True)
    # {fact field: {"source": ..., "as_of": "YYYY-MM-DD"}} for every field in FACT_FIELDS.
    provenance = models.JSONField(default=dict)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="catalog_model_name_unique"),
            models.UniqueConstraint(fields=["version", "slug"], name="catalog_model_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:model", args=[self.slug])

    def marketed_open_clause(self) -> Clause | None:
        if not self.marketed_open:
            return None
        return clause_from_json(self.marketed_open, where=f"{self.name}: marketed_open")

    def fact(self, field: str) -> dict[str, Any]:
        """One fact with its source and date."""
        origin = self.provenance.get(field, {})
        return {"source": origin.get("source", ""), "as_of": origin.get("as_of", "")}


class ApiPrice(Versioned):
    """What a provider charges for a model behind its API, per million tokens."""

    model = models.ForeignKey(Model, on_delete=models.CASCADE, related_name="prices")
    provider = models.CharField(max_length=100)
    litellm_key = models.CharField(max_length=300)
    input_usd_per_mtok = models.FloatField()
    output_usd_per_mtok = models.FloatField()
    max_input_tokens = models.PositiveIntegerField(null=True, blank=True)
    max_output_tokens = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=500)
    as_of = models.DateField()

    class Meta:
        ordering = ["model__name", "input_usd_per_mtok", "provider"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "litellm_key"], name="catalog_price_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model} via {self.provider}"


class GpuOffer(Versioned):
    """An hourly price for one GPU from one provider."""

    gpu = models.CharField(max_length=100)
    provider = models.CharField(max_length=100)
    usd_per_hour = models.FloatField()
    note = models.CharField(max_length=300, blank=True)
    source = models.CharField(max_length=500)
    as_of = models.DateField()

    class Meta:
        ordering = ["gpu", "usd_per_hour"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "gpu", "provider"], name="catalog_gpu_offer_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.gpu} at {self.provider}"


class Throughput(Versioned):
    """Measured output tokens per second for a model on one GPU with one serving engine."""

    model = models.ForeignKey(Model, on_delete=models.CASCADE, related_name="throughputs")
    gpu = models.CharField(max_length=100)
    engine = models.CharField(max_length=100)
    output_tokens_per_s = models.FloatField()
    note = models.CharField(max_length=300, blank=True, help_text="Batch, precision, lengths.")
    source = models.CharField(max_length=500)
    as_of = models.DateField()

    class Meta:
        ordering = ["model__name", "gpu", "engine"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "model", "gpu", "engine"], name="catalog_throughput_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.model} on {self.gpu} with {self.engine}"
