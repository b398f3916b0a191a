"""What other parts of openweigh may ask the catalog, as plain JSON-serialisable data.

A decision record that cites the catalog keeps the version number and the facts it used; the
same call with that version gives the same facts back, whatever was imported since:

    >>> version = current_version()                    # e.g. 3, or None when empty
    >>> facts = model_facts("Llama 3.1", version=version)
    >>> facts["licence"]["category"], [flag["id"] for flag in facts["flags"]]
    ('open_weights_restricted', ['open_washing', 'user_cap', 'use_policy', 'attribution_naming'])
    >>> facts["api_prices"][0]["input_usd_per_mtok"], facts["api_prices"][0]["source"]

Writes (loading and imports) are in ``catalog.importing``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from catalog.licences import CATEGORY_LABELS, Classification, Flag, classify
from catalog.models import ApiPrice, CatalogVersion, GpuOffer, Licence, Model, Throughput


class UnknownModel(LookupError):
    """No model by that name in that catalog version; ``suggestions`` are the closest."""

    def __init__(self, name: str, version: int | None, suggestions: list[str]) -> None:
        self.name = name
        self.version = version
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        where = f"catalog version {version}" if version is not None else "the catalog (empty)"
        super().__init__(f"no model named {name!r} in {where}{hint}")


class UnknownVersion(LookupError):
    pass


def current_version() -> int | None:
    """The newest catalog version's number, or None while nothing has been loaded."""
    return CatalogVersion.objects.order_by("-number").values_list("number", flat=True).first()


def resolve_version(version: int | None) -> int | None:
    """``version`` if it exists, the current one for None; UnknownVersion otherwise."""
    if version is None:
        return current_version()
    if not CatalogVersion.objects.filter(number=version).exists():
        raise UnknownVersion(f"there is no catalog version {version}")
    return version


def version_info(version: int | None = None) -> dict[str, Any] | None:
    number = resolve_version(version)
    row = CatalogVersion.objects.filter(number=number).first() if number else None
    if row is None:
        return None
    return {
        "number": row.number,
        "kind": row.kind,
        "source": row.source,
        "created_at": row.created_at.isoformat(),
        "summary": row.summary,
    }


def models_in(version: int | None) -> QuerySet[Model]:
    """The models of a version, with their licence and prices: two queries, whatever the
    number of models."""
    prices = ApiPrice.objects.order_by("input_usd_per_mtok", "output_usd_per_mtok", "provider")
    return (
        Model.objects.filter(version_id=version)
        .select_related("licence")
        .prefetch_related(Prefetch("prices", queryset=prices))
        .order_by("name")
    )


@dataclass(frozen=True)
class CatalogRow:
    """One model as a list shows it."""

    model: Model
    category_label: str
    flags: tuple[Flag, ...]
    cheapest: ApiPrice | None


def browse(version: int | None, filters: dict[str, Any]) -> list[CatalogRow]:
    """The models of a version that pass ``filters`` (a CatalogFilterForm's valid values):
    ``q`` (name or developer), ``access``, ``category``, ``commercial``, ``flags`` (every one
    of them), ``no_flags``. Flags are worked out from the licences, so they filter here."""
    models = models_in(version)
    if "q" in filters:
        models = models.filter(
            Q(name__icontains=filters["q"]) | Q(developer__icontains=filters["q"])
        )
    if "access" in filters:
        models = models.filter(access=filters["access"])
    if "category" in filters:
        models = models.filter(licence__category=filters["category"])
    if "commercial" in filters:
        models = models.filter(commercial_use=filters["commercial"])
    rows = []
    wanted = set(filters.get("flags", []))
    for model in models:
        flags = classification(model).flags
        if not wanted <= {flag.id for flag in flags} or (filters.get("no_flags") and flags):
            continue
        prices = list(model.prices.all())  # prefetched, cheapest first
        rows.append(
            CatalogRow(
                model, CATEGORY_LABELS[model.licence.category], flags, prices[0] if prices else None
            )
        )
    return rows


def model_names(version: int | None = None) -> list[str]:
    number = resolve_version(version)
    return list(
        Model.objects.filter(version_id=number).order_by("name").values_list("name", flat=True)
    )


def closest_names(name: str, names: list[str], limit: int = 3) -> list[str]:
    """The names most like ``name`` (case-insensitive), best first."""
    by_lower = {candidate.lower(): candidate for candidate in names}
    found = difflib.get_close_matches(name.lower(), list(by_lower), n=limit, cutoff=0.4)
    partial = [c for low, c in by_lower.items() if name.lower() in low and c not in found]
    return ([by_lower[low] for low in found] + partial)[:limit]


def get_model(name: str, version: int | None = None) -> Model:
    """A model by its name (any case) or its slug; UnknownModel with suggestions if none."""
    number = resolve_version(version)
    models = Model.objects.filter(version_id=number).select_related("licence")
    model = (
        models.filter(name=name).first()
        or models.filter(name__iexact=name).first()
        or models.filter(slug=name.lower()).first()
    )
    if model is None:
        names = list(models.values_list("name", flat=True))
        raise UnknownModel(name, number, closest_names(name, names))
    return model


def classification(model: Model) -> Classification:
    return classify(
        model_name=model.name,
        licence=model.licence.terms(),
        marketed_open=model.marketed_open_clause(),
    )


def licence_facts(licence: Licence) -> dict[str, Any]:
    return {
        "key": licence.key,
        "name": licence.name,
        "spdx": licence.spdx_id or None,
        "hf_id": licence.hf_id or None,
        "osi_approved": licence.osi_approved,
        "category": licence.category,
        "url": licence.url or None,
        "obligations": licence.obligations,
        "source": licence.source,
        "as_of": licence.as_of.isoformat(),
        "set_in_version": licence.set_in_id,
    }


def price_facts(price: ApiPrice) -> dict[str, Any]:
    return {
        "provider": price.provider,
        "litellm_key": price.litellm_key,
        "input_usd_per_mtok": price.input_usd_per_mtok,
        "output_usd_per_mtok": price.output_usd_per_mtok,
        "max_input_tokens": price.max_input_tokens,
        "max_output_tokens": price.max_output_tokens,
        "source": price.source,
        "as_of": price.as_of.isoformat(),
        "set_in_version": price.set_in_id,
    }


def gpu_offer_facts(offer: GpuOffer) -> dict[str, Any]:
    return {
        "gpu": offer.gpu,
        "provider": offer.provider,
        "usd_per_hour": offer.usd_per_hour,
        "note": offer.note,
        "source": offer.source,
        "as_of": offer.as_of.isoformat(),
        "set_in_version": offer.set_in_id,
    }


def self_hosting_facts(model: Model) -> list[dict[str, Any]]:
    """For an open model: each measured throughput, with the offers for its GPU."""
    throughputs = list(Throughput.objects.filter(version_id=model.version_id, model=model))
    gpus = {throughput.gpu for throughput in throughputs}
    offers: dict[str, list[dict[str, Any]]] = {gpu: [] for gpu in gpus}
    for offer in GpuOffer.objects.filter(version_id=model.version_id, gpu__in=gpus):
        offers[offer.gpu].append(gpu_offer_facts(offer))
    return [
        {
            "gpu": throughput.gpu,
            "engine": throughput.engine,
            "output_tokens_per_s": throughput.output_tokens_per_s,
            "note": throughput.note,
            "source": throughput.source,
            "as_of": throughput.as_of.isoformat(),
            "set_in_version": throughput.set_in_id,
            "gpu_offers": offers[throughput.gpu],
        }
        for throughput in throughputs
    ]


_FACT_VALUES = {
    "developer": lambda m: m.developer,
    "access": lambda m: m.access,
    "licence": lambda m: m.licence.name,
    "weights_downloadable": lambda m: {"value": m.weights_downloadable, "note": m.weights_note},
    "commercial_use": lambda m: {"value": m.commercial_use, "note": m.commercial_note},
    "restrictions": lambda m: m.restrictions,
    "training_code": lambda m: {"value": m.training_code, "note": m.training_code_note},
    "training_data": lambda m: {"value": m.training_data, "note": m.training_data_note},
    "parameters": lambda m: m.parameters,
    "context_length": lambda m: m.context_length,
}


def fact_rows(model: Model) -> list[dict[str, Any]]:
    """Every fact of a model with its source and date, in the order of Model.FACT_FIELDS."""
    rows = []
    for field_name in Model.FACT_FIELDS:
        value = _FACT_VALUES[field_name](model)
        rows.append(
            {
                "field": field_name,
                "value": value["value"] if isinstance(value, dict) else value,
                "note": value["note"] if isinstance(value, dict) else "",
                **model.fact(field_name),
            }
        )
    return rows


def model_facts(name: str, version: int | None = None) -> dict[str, Any]:
    """Everything the catalog says about one model in one version (the current one for
    None), each fact with its source and as-of date. Raises UnknownModel (with the closest
    names) or UnknownVersion."""
    model = get_model(name, version)
    result = classification(model)
    prices = ApiPrice.objects.filter(version_id=model.version_id, model=model).order_by(
        "input_usd_per_mtok", "output_usd_per_mtok", "provider"
    )
    return {
        "catalog_version": model.version_id,
        "name": model.name,
        "slug": model.slug,
        "developer": model.developer,
        "access": model.access,
        "licence": licence_facts(model.licence),
        "flags": [flag.as_dict() for flag in result.flags],
        "facts": {row.pop("field"): row for row in fact_rows(model)},
        "api_prices": [price_facts(price) for price in prices],
        "self_hosting": self_hosting_facts(model) if model.access == "open_weights" else [],
        "set_in_version": model.set_in_id,
    }


def gpu_offers(version: int | None = None) -> list[dict[str, Any]]:
    number = resolve_version(version)
    return [gpu_offer_facts(offer) for offer in GpuOffer.objects.filter(version_id=number)]
