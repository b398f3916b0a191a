"""Writes to the catalog: loading a catalog file, and refreshing prices or openness from a
source file. Each makes one new CatalogVersion in one transaction, so that a failure leaves
the catalog as it was; each reads and checks its whole input before it writes anything.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from catalog.licences import LicenceTerms, clauses_from_json, licence_category
from catalog.models import ApiPrice, CatalogVersion, GpuOffer, Licence, Model, Throughput
from catalog.sources import LitellmPrice, MotRecord, mot_training_code, mot_training_data


class CatalogEmpty(RuntimeError):
    """An import needs a catalog to refresh."""


class ConcurrentImport(RuntimeError):
    """Another import made the same version number first; nothing was written."""


@dataclass(frozen=True)
class Change:
    what: str
    old: str
    new: str

    def __str__(self) -> str:
        return f"{self.what}: {self.old} → {self.new}"


@dataclass
class ImportReport:
    """What an import did, for the command's output and the version's summary."""

    version: int = 0
    added: list[str] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            f"Catalog version {self.version}: {len(self.added)} added, {len(self.changed)} "
            f"changed, {self.unchanged} unchanged."
        ]
        lines += [f"  added {what}" for what in self.added]
        lines += [f"  changed {change}" for change in self.changed]
        lines += [f"  {note}" for note in self.notes]
        return lines

    def summary(self) -> dict[str, Any]:
        return {
            "added": self.added,
            "changed": [{"what": c.what, "old": c.old, "new": c.new} for c in self.changed],
            "unchanged": self.unchanged,
            "notes": self.notes,
        }


# Versions ---------------------------------------------------------------------------------


def _new_version(*, kind: str, source: str, content_hash: str) -> CatalogVersion:
    latest = CatalogVersion.objects.aggregate(latest=Max("number"))["latest"] or 0
    try:
        # A savepoint: on PostgreSQL a failed insert would otherwise spoil the transaction.
        with transaction.atomic():
            return CatalogVersion.objects.create(
                number=latest + 1, kind=kind, source=source[:500], content_hash=content_hash
            )
    except IntegrityError as error:
        raise ConcurrentImport(
            f"another import made catalog version {latest + 1} at the same time; "
            "nothing was imported: run the import again"
        ) from error


def _current() -> CatalogVersion:
    version = CatalogVersion.objects.order_by("-number").first()
    if version is None:
        raise CatalogEmpty("the catalog is empty: run `manage.py load_catalog` first")
    return version


def _copy_forward(previous: CatalogVersion, version: CatalogVersion) -> None:
    """Copy every row of ``previous`` into ``version``, keeping the version that set it."""
    licences = list(Licence.objects.filter(version=previous))
    old_licence_ids = [licence.pk for licence in licences]
    for licence in licences:
        licence.pk = None
        licence.version = version
    Licence.objects.bulk_create(licences)
    licence_map = dict(zip(old_licence_ids, licences, strict=True))

    models = list(Model.objects.filter(version=previous))
    old_model_ids = [model.pk for model in models]
    for model in models:
        model.pk = None
        model.version = version
        model.licence = licence_map[model.licence_id]
    Model.objects.bulk_create(models)
    model_map = dict(zip(old_model_ids, models, strict=True))

    prices = list(ApiPrice.objects.filter(version=previous))
    throughputs = list(Throughput.objects.filter(version=previous))
    rows: list[ApiPrice | Throughput] = [*prices, *throughputs]
    for row in rows:
        row.pk = None
        row.version = version
        row.model = model_map[row.model_id]
    ApiPrice.objects.bulk_create(prices)
    Throughput.objects.bulk_create(throughputs)
    offers = list(GpuOffer.objects.filter(version=previous))
    for offer in offers:
        offer.pk = None
        offer.version = version
    GpuOffer.objects.bulk_create(offers)


# Loading a catalog file -------------------------------------------------------------------


@dataclass(frozen=True)
class LoadResult:
    version: int
    loaded: bool  # False: a version already holds this very file
    counts: dict[str, int]


def catalog_load(
    *, document: dict[str, Any], source: str, content_hash: str, force: bool = False
) -> LoadResult:
    """Load a checked catalog document (catalog.document.check_document) as a new version.

    Idempotent: a file already loaded (same content) is not loaded again unless ``force``,
    so that later imports are not undone by loading the shipped file at every start."""
    if not force:
        existing = (
            CatalogVersion.objects.filter(
                kind=CatalogVersion.Kind.FIXTURE, content_hash=content_hash
            )
            .order_by("-number")
            .first()
        )
        if existing is not None:
            return LoadResult(existing.number, False, {})
    with transaction.atomic():
        version = _new_version(
            kind=CatalogVersion.Kind.FIXTURE, source=source, content_hash=content_hash
        )
        stamp = {"version": version, "set_in": version}
        licences = Licence.objects.bulk_create(
            [_licence_row(row, stamp) for row in document["licences"]]
        )
        by_key = {licence.key: licence for licence in licences}
        models = Model.objects.bulk_create(
            [_model_row(row, by_key[row["licence"]], stamp) for row in document["models"]]
        )
        by_name = {model.name: model for model in models}
        ApiPrice.objects.bulk_create(
            [
                ApiPrice(**{**row, "model": by_name[row["model"]]}, **stamp)
                for row in document["api_prices"]
            ]
        )
        GpuOffer.objects.bulk_create([GpuOffer(**row, **stamp) for row in document["gpu_offers"]])
        Throughput.objects.bulk_create(
            [
                Throughput(**{**row, "model": by_name[row["model"]]}, **stamp)
                for row in document["throughputs"]
            ]
        )
        counts = {section: len(document[section]) for section in _SECTIONS}
        version.summary = {"loaded": counts}
        version.save(update_fields=["summary"])
    return LoadResult(version.number, True, counts)


_SECTIONS = ("licences", "models", "api_prices", "gpu_offers", "throughputs")


def _licence_row(row: dict[str, Any], stamp: dict[str, CatalogVersion]) -> Licence:
    terms = LicenceTerms(
        key=row["key"],
        name=row["name"],
        spdx=row["spdx"],
        osi_approved=row["osi_approved"],
        proprietary=row["proprietary"],
        copyleft=row["copyleft"],
        clauses=clauses_from_json(row["clauses"]),
    )
    return Licence(
        key=row["key"],
        name=row["name"],
        spdx_id=row["spdx"] or "",
        hf_id=row["hf_id"],
        osi_approved=row["osi_approved"],
        proprietary=row["proprietary"],
        copyleft=row["copyleft"],
        category=licence_category(terms),
        url=row["url"],
        obligations=row["obligations"],
        clauses=row["clauses"],
        source=row["source"],
        as_of=datetime.date.fromisoformat(row["as_of"]),
        **stamp,
    )


def _model_row(row: dict[str, Any], licence: Licence, stamp: dict[str, CatalogVersion]) -> Model:
    return Model(**{**row, "licence": licence}, **stamp)


# Prices -----------------------------------------------------------------------------------


def _price_values(price: LitellmPrice, label: str) -> dict[str, Any]:
    where = f"{price.source}, as transcribed in {label}" if price.source else label
    return {
        "provider": price.provider,
        "input_usd_per_mtok": price.input_usd_per_mtok,
        "output_usd_per_mtok": price.output_usd_per_mtok,
        "max_input_tokens": price.max_input_tokens,
        "max_output_tokens": price.max_output_tokens,
        "source": where,
    }


_PRICE_LABELS = {
    "provider": ("provider", ""),
    "input_usd_per_mtok": ("input", " USD/1M"),
    "output_usd_per_mtok": ("output", " USD/1M"),
    "max_input_tokens": ("max input tokens", ""),
    "max_output_tokens": ("max output tokens", ""),
}


def prices_import(
    *,
    prices: dict[str, LitellmPrice],
    label: str,
    source: str,
    content_hash: str,
    as_of: datetime.date,
) -> ImportReport:
    """Refresh the API price of every LiteLLM key the catalog's models name.

    A price that is the same is confirmed as of ``as_of``; a key the file does not price
    keeps its last price and date, and is reported."""
    previous = _current()
    report = ImportReport()
    with transaction.atomic():
        version = _new_version(
            kind=CatalogVersion.Kind.PRICES, source=source, content_hash=content_hash
        )
        _copy_forward(previous, version)
        existing = {row.litellm_key: row for row in ApiPrice.objects.filter(version=version)}
        updated: list[ApiPrice] = []
        created: list[ApiPrice] = []
        missing: list[str] = []
        for model in Model.objects.filter(version=version).order_by("name"):
            for key in model.litellm_keys:
                price = prices.get(key)
                if price is None:
                    missing.append(f"{model.name} ({key})")
                    continue
                values = _price_values(price, label)
                row = existing.get(key)
                if row is None:
                    created.append(
                        ApiPrice(
                            model=model,
                            litellm_key=key,
                            as_of=as_of,
                            version=version,
                            set_in=version,
                            **values,
                        )
                    )
                    report.added.append(
                        f"{model.name} via {price.provider} ({key}): input "
                        f"{price.input_usd_per_mtok:g}, output {price.output_usd_per_mtok:g} USD/1M"
                    )
                    continue
                changes = [
                    Change(
                        f"{model.name} via {row.provider} ({key}) {name}",
                        f"{getattr(row, attr)}{unit}",
                        f"{values[attr]}{unit}",
                    )
                    for attr, (name, unit) in _PRICE_LABELS.items()
                    if getattr(row, attr) != values[attr]
                ]
                # The same value read again is confirmed: its source and date become this
                # file's, and it stays set by the version that set it.
                for attr, value in values.items():
                    setattr(row, attr, value)
                if changes:
                    row.set_in = version
                else:
                    report.unchanged += 1
                report.changed += changes
                row.as_of = as_of
                updated.append(row)
        ApiPrice.objects.bulk_update(
            updated, [*_price_values_fields(), "as_of", "set_in"], batch_size=500
        )
        ApiPrice.objects.bulk_create(created)
        if missing:
            report.notes.append(
                f"not priced in this file, kept as they were ({len(missing)}): "
                + ", ".join(missing)
            )
        report.version = version.number
        version.summary = report.summary()
        version.save(update_fields=["summary"])
    return report


def _price_values_fields() -> list[str]:
    return [*(_PRICE_LABELS), "source"]


# Openness ---------------------------------------------------------------------------------

_OPENNESS_FIELDS = (
    ("training_code", mot_training_code),
    ("training_data", mot_training_data),
)


def openness_import(
    *, records: list[MotRecord], label: str, source: str, content_hash: str
) -> ImportReport:
    """Refresh training code and data openness from Model Openness Tool records: each catalog
    model whose ``mot_record`` names one of the files."""
    previous = _current()
    report = ImportReport()
    by_file = {record.file: record for record in records}
    with transaction.atomic():
        version = _new_version(
            kind=CatalogVersion.Kind.OPENNESS, source=source, content_hash=content_hash
        )
        _copy_forward(previous, version)
        updated: list[Model] = []
        used: set[str] = set()
        for model in Model.objects.filter(version=version).order_by("name"):
            record = by_file.get(model.mot_record) if model.mot_record else None
            if record is None:
                continue
            used.add(record.file)
            origin = {"source": f"{label}, models/{record.file}", "as_of": record.date.isoformat()}
            changed = False
            for field_name, derive in _OPENNESS_FIELDS:
                openness = derive(record)
                old_value = getattr(model, field_name)
                if old_value != openness.value:
                    report.changed.append(
                        Change(
                            f"{model.name} {field_name.replace('_', ' ')}",
                            old_value,
                            openness.value,
                        )
                    )
                    changed = True
                else:
                    report.unchanged += 1
                # The same value read again is confirmed by this record (its note, source
                # and date become the record's), as prices are.
                setattr(model, field_name, openness.value)
                setattr(model, f"{field_name}_note", openness.note)
                model.provenance = {**model.provenance, field_name: origin}
            if changed:
                model.set_in = version
            updated.append(model)
        Model.objects.bulk_update(
            updated,
            [
                "training_code",
                "training_code_note",
                "training_data",
                "training_data_note",
                "provenance",
                "set_in",
            ],
        )
        ignored = sorted(set(by_file) - used)
        if ignored:
            report.notes.append(
                f"{len(ignored)} record(s) describe no catalog model and were not used"
            )
        report.version = version.number
        version.summary = report.summary()
        version.save(update_fields=["summary"])
    return report
