"""The catalog file format (catalog/data/catalog.json, or any file given to load_catalog):
checked as a whole before anything is loaded, each fault named by its place in the file.
Plain Python, no Django.

    {"format": "openweigh-catalog/1",
     "sources": {id: {"source", "as_of"}}  (optional: what provenance may cite by id),
     "licences": [{"key", "name", "spdx", "hf_id", "osi_approved", "proprietary", "copyleft", "url",
                   "obligations", "clauses": {flag_id: {"text", "source"}}, "source", "as_of"}],
     "models": [{"name", "slug", "developer", "access", "licence" (a licence key), ...,
                 "provenance": {fact: {"source", "as_of"} or a sources id}}],
     "api_prices": [{"model", "provider", "litellm_key", "input_usd_per_mtok",
                     "output_usd_per_mtok", "max_input_tokens", "max_output_tokens",
                     "source", "as_of"}],
     "gpu_offers": [{"gpu", "provider", "usd_per_hour", "note", "source", "as_of"}],
     "throughputs": [{"model", "gpu", "engine", "output_tokens_per_s", "note", "source",
                      "as_of"}]}
"""

from __future__ import annotations

import copy
import datetime
import re
from collections.abc import Callable
from typing import Any

from catalog.licences import TermsInvalid, clause_from_json, clauses_from_json
from catalog.sources import SourceInvalid, describe, is_number, type_name

FORMAT = "openweigh-catalog/1"
ACCESS = ("open_weights", "closed_api")
COMMERCIAL = ("yes", "conditional", "no")
OPENNESS = ("open", "partial", "closed", "unknown")
FACT_FIELDS = (
    "developer",
    "access",
    "licence",
    "weights_downloadable",
    "commercial_use",
    "restrictions",
    "training_code",
    "training_data",
    "parameters",
    "context_length",
)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_KEY = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)*$")

Check = Callable[[Any], str | None]


def text(required: bool = True, limit: int = 500) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"expected a string, got {type_name(value)} {describe(value)}"
        if required and not value.strip():
            return "must not be empty"
        if len(value) > limit:
            return f"at most {limit} characters"
        return None

    return check


def optional_text(limit: int = 500) -> Check:
    inner = text(required=False, limit=limit)
    return lambda value: None if value is None else inner(value)


def one_of(*choices: str) -> Check:
    return lambda value: (
        None if value in choices else f"expected one of {', '.join(choices)}, got {describe(value)}"
    )


def boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else f"expected true or false, got {describe(value)}"


def number(value: Any) -> str | None:
    return None if is_number(value) else f"expected a number ≥ 0, got {describe(value)}"


def count(value: Any) -> str | None:
    if value is None:
        return None
    if is_number(value) and float(value).is_integer() and value < 2**31:
        return None
    return f"expected a whole number or null, got {describe(value)}"


def date(value: Any) -> str | None:
    if isinstance(value, str):
        try:
            datetime.date.fromisoformat(value)
            if len(value) == 10:
                return None
        except ValueError:
            pass
    return f"expected a date YYYY-MM-DD, got {describe(value)}"


def slug(value: Any) -> str | None:
    if isinstance(value, str) and _SLUG.match(value) and len(value) <= 120:
        return None
    return f"expected lower-case letters, digits and hyphens, got {describe(value)}"


def key(value: Any) -> str | None:
    if isinstance(value, str) and _KEY.match(value) and len(value) <= 80:
        return None
    return f"expected lower-case letters, digits, dots and hyphens, got {describe(value)}"


def string_list(value: Any) -> str | None:
    if isinstance(value, list) and all(isinstance(item, str) and item for item in value):
        return None
    return f"expected a list of strings, got {describe(value)}"


LICENCE = {
    "key": key,
    "name": text(limit=200),
    "spdx": optional_text(80),
    "hf_id": text(required=False, limit=80),
    "osi_approved": boolean,
    "proprietary": boolean,
    "copyleft": boolean,
    "url": text(required=False),
    "obligations": text(required=False, limit=2000),
    "clauses": lambda value: None,  # checked below, clause by clause
    "source": text(),
    "as_of": date,
}
MODEL = {
    "name": text(limit=200),
    "slug": slug,
    "developer": text(limit=200),
    "access": one_of(*ACCESS),
    "licence": text(limit=80),
    "weights_downloadable": boolean,
    "weights_note": text(required=False, limit=300),
    "commercial_use": one_of(*COMMERCIAL),
    "commercial_note": text(required=False, limit=300),
    "restrictions": text(required=False, limit=2000),
    "training_code": one_of(*OPENNESS),
    "training_code_note": text(required=False, limit=300),
    "training_data": one_of(*OPENNESS),
    "training_data_note": text(required=False, limit=300),
    "parameters": text(required=False, limit=200),
    "context_length": text(required=False, limit=200),
    "marketed_open": lambda value: None,  # checked below
    "litellm_keys": string_list,
    "mot_record": text(required=False, limit=200),
    "osai_record": text(required=False, limit=200),
    "provenance": lambda value: None,  # checked below
}
API_PRICE = {
    "model": text(limit=200),
    "provider": text(limit=100),
    "litellm_key": text(limit=300),
    "input_usd_per_mtok": number,
    "output_usd_per_mtok": number,
    "max_input_tokens": count,
    "max_output_tokens": count,
    "source": text(),
    "as_of": date,
}
GPU_OFFER = {
    "gpu": text(limit=100),
    "provider": text(limit=100),
    "usd_per_hour": number,
    "note": text(required=False, limit=300),
    "source": text(),
    "as_of": date,
}
THROUGHPUT = {
    "model": text(limit=200),
    "gpu": text(limit=100),
    "engine": text(limit=100),
    "output_tokens_per_s": number,
    "note": text(required=False, limit=300),
    "source": text(),
    "as_of": date,
}
SECTIONS = {
    "licences": LICENCE,
    "models": MODEL,
    "api_prices": API_PRICE,
    "gpu_offers": GPU_OFFER,
    "throughputs": THROUGHPUT,
}


def check_document(document: Any, name: str) -> dict[str, Any]:
    """The document, if it is a valid catalog file; otherwise SourceInvalid naming each
    fault as ``name: models[3] → access: expected one of …``."""
    errors: list[str] = []

    def fault(where: str, message: str) -> None:
        errors.append(f"{name}: {where}: {message}")

    if not isinstance(document, dict):
        raise SourceInvalid([f"{name}: expected an object, got {type_name(document)}"])
    document = copy.deepcopy(document)  # provenance ids are resolved in the copy
    sources = document.get("sources", {})
    if not isinstance(sources, dict):
        fault("sources", f"expected an object, got {type_name(sources)}")
        sources = {}
    for source_id, origin in sources.items():
        for key, check in (("source", text()), ("as_of", date)):
            message = (
                check(origin.get(key))
                if isinstance(origin, dict)
                else "expected an object with source and as_of"
            )
            if message:
                fault(f"sources → {source_id} → {key}", message)
    if document.get("format") != FORMAT:
        fault("format", f'expected "{FORMAT}", got {describe(document.get("format"))}')
    for section, fields in SECTIONS.items():
        rows = document.get(section)
        if not isinstance(rows, list):
            fault(section, f"expected a list, got {type_name(rows)}")
            continue
        for index, row in enumerate(rows):
            where = f"{section}[{index}]"
            if not isinstance(row, dict):
                fault(where, f"expected an object, got {type_name(row)}")
                continue
            for key in sorted(set(fields) - set(row)):
                fault(f"{where} → {key}", "missing")
            for key in sorted(set(row) - set(fields)):
                fault(f"{where} → {key}", "unknown key")
            for key, check in fields.items():
                if key in row and (message := check(row[key])):
                    fault(f"{where} → {key}", message)
    if errors:
        raise SourceInvalid(errors)
    _check_references(document, sources, fault)
    if errors:
        raise SourceInvalid(errors)
    return document


def _check_references(
    document: dict[str, Any],
    sources: dict[str, Any],
    fault: Callable[[str, str], None],
) -> None:
    """Keys unique, licences and models named where they are used, every fact sourced.
    Provenance given by source id is replaced by the source it names."""
    licence_keys = _unique(document["licences"], ("key",), "licences", fault)
    for index, licence in enumerate(document["licences"]):
        try:
            clauses_from_json(licence["clauses"], where=f"licences[{index}] → clauses")
        except TermsInvalid as error:
            fault(f"licences[{index}]", str(error))
    model_names = _unique(document["models"], ("name",), "models", fault)
    _unique(document["models"], ("slug",), "models", fault)
    for index, model in enumerate(document["models"]):
        where = f"models[{index}]"
        if model["licence"] not in licence_keys:
            fault(f"{where} → licence", f"no licence with key {describe(model['licence'])}")
        if model["marketed_open"] is not None:
            try:
                clause_from_json(model["marketed_open"], where="marketed_open")
            except TermsInvalid as error:
                fault(where, str(error))
        provenance = model["provenance"]
        if not isinstance(provenance, dict):
            fault(f"{where} → provenance", f"expected an object, got {type_name(provenance)}")
            continue
        for fact in FACT_FIELDS:
            origin = provenance.get(fact)
            if isinstance(origin, str):
                if origin not in sources:
                    fault(f"{where} → provenance → {fact}", f"no source with id {describe(origin)}")
                    continue
                origin = provenance[fact] = dict(sources[origin])
            if not isinstance(origin, dict):
                fault(f"{where} → provenance → {fact}", "missing: every fact needs its source")
                continue
            for key, check in (("source", text()), ("as_of", date)):
                if message := check(origin.get(key)):
                    fault(f"{where} → provenance → {fact} → {key}", message)
    _unique(document["api_prices"], ("litellm_key",), "api_prices", fault)
    _unique(document["gpu_offers"], ("gpu", "provider"), "gpu_offers", fault)
    _unique(document["throughputs"], ("model", "gpu", "engine"), "throughputs", fault)
    for section in ("api_prices", "throughputs"):
        for index, row in enumerate(document[section]):
            if row["model"] not in model_names:
                fault(f"{section}[{index}] → model", f"no model named {describe(row['model'])}")


def _unique(
    rows: list[dict[str, Any]],
    keys: tuple[str, ...],
    section: str,
    fault: Callable[[str, str], None],
) -> set[Any]:
    seen: set[Any] = set()
    for index, row in enumerate(rows):
        value = tuple(row[key] for key in keys)
        if value in seen:
            fault(f"{section}[{index}] → {' × '.join(keys)}", f"{describe(list(value))} repeated")
        seen.add(value)
    return {value[0] for value in seen} if len(keys) == 1 else seen
