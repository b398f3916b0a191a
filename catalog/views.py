"""Catalog pages: read-only reference data for every signed-in user, whatever their
organisation (the catalog belongs to no organisation)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from catalog import services
from catalog.document import SECTIONS
from catalog.forms import CatalogFilterForm
from catalog.licences import CATEGORY_LABELS
from catalog.models import CatalogVersion, Model


def _versions() -> list[int]:
    return list(CatalogVersion.objects.values_list("number", flat=True))


@login_required
@require_safe
def catalog(request: HttpRequest) -> HttpResponse:
    versions = _versions()
    form = CatalogFilterForm(request.GET or None, versions=versions)
    filters = form.filters()
    version = filters.get("version") or max(versions, default=None)
    rows = services.browse(version, filters)
    return render(
        request,
        "catalog/catalog.html",
        {
            "form": form,
            "rows": rows,
            "version": version,
            "current": max(versions, default=None),
            "filtered": bool(set(filters) - {"version"}),
        },
    )


@login_required
@require_safe
def model_detail(request: HttpRequest, slug: str) -> HttpResponse:
    versions = _versions()
    version = _version_param(request, versions)
    model = (
        Model.objects.filter(version_id=version, slug=slug).select_related("licence").first()
        if version
        else None
    )
    if model is None:
        raise Http404("No such model in this catalog version.")
    facts = services.model_facts(model.name, version)
    return render(
        request,
        "catalog/model.html",
        {
            "model": model,
            "facts": facts,
            "fact_rows": [
                {**row, "label": FACT_LABELS[row["field"]], "shown": _shown(model, row["field"])}
                for row in services.fact_rows(model)
            ],
            "flags": services.classification(model).flags,
            "category_label": CATEGORY_LABELS[model.licence.category],
            "version": version,
            "current": max(versions, default=None),
        },
    )


FACT_LABELS = {
    "developer": "Developer",
    "access": "Access",
    "licence": "Licence",
    "weights_downloadable": "Weights downloadable",
    "commercial_use": "Commercial use",
    "restrictions": "Restrictions",
    "training_code": "Training code",
    "training_data": "Training data",
    "parameters": "Parameters",
    "context_length": "Context length",
}


def _shown(model: Model, field: str) -> str:
    """A fact as the page shows it."""
    shown = {
        "access": model.get_access_display(),
        "licence": model.licence.name,
        "weights_downloadable": "Yes" if model.weights_downloadable else "No",
        "commercial_use": model.get_commercial_use_display(),
        "training_code": model.get_training_code_display(),
        "training_data": model.get_training_data_display(),
    }.get(field)
    return shown if shown is not None else str(getattr(model, field)) or "Not given"


def _version_param(request: HttpRequest, versions: list[int]) -> int | None:
    """?version=N, if it names a version; the current one otherwise (a bad value is a
    missing page, not an error)."""
    raw = request.GET.get("version", "")
    if not raw:
        return max(versions, default=None)
    if not raw.isdigit() or int(raw) not in versions:
        raise Http404("No such catalog version.")
    return int(raw)


@login_required
@require_safe
def versions(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "number": version.number,
            "get_kind_display": version.get_kind_display(),
            "source": version.source,
            "created_at": version.created_at,
            "summary_text": _summary_text(version.summary),
            "changes": version.summary.get("changed", []),
        }
        for version in CatalogVersion.objects.order_by("-number")
    ]
    return render(request, "catalog/versions.html", {"versions": rows})


def _summary_text(summary: dict[str, Any]) -> str:
    if "loaded" in summary:
        # In a fixed order: PostgreSQL's jsonb keeps no key order.
        loaded = summary["loaded"]
        return ", ".join(
            f"{loaded[section]} {section.replace('_', ' ')}"
            for section in SECTIONS
            if section in loaded
        )
    return (
        f"{len(summary.get('added', []))} added, {len(summary.get('changed', []))} changed, "
        f"{summary.get('unchanged', 0)} unchanged"
    )
