"""Build the shipped catalog file from the source data (``manage.py build_catalog_fixture``).

Reads the compiled facts (model_catalog_facts.csv), the LiteLLM price map, the Model Openness
Tool records and licence list, and the European Open Source AI Index records, and writes one
compact document in the format ``catalog.document`` reads. The sources themselves stay out of
the repository; catalog/data/ATTRIBUTION.md names them.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

from catalog import curation
from catalog.document import FACT_FIELDS, FORMAT
from catalog.licences import CLAUSE_IDS
from catalog.sources import mot_training_code, mot_training_data, parse_litellm, parse_mot

# The sources give no date for their facts; these are the dates of the copies read. The
# compiled facts and the LiteLLM map were taken into shared/data on this day; LiteLLM's
# SOURCE.txt names the release (1.110.2), not its date.
COPY_DATE = "2026-12-04"
LITELLM_LABEL = "LiteLLM model_prices_and_context_window.json (litellm 1.110.2)"
# From each source's SOURCE.txt: the commit read and its date.
MOT_LABEL = "Model Openness Tool (lfai/model_openness_tool@8b5d30e)"
MOT_DATE = "2026-05-11"
HF_LABEL = "huggingface/hub-docs@242f4a1 docs/hub/repositories-licenses.md"
OSAI_LABEL = (
    "European Open Source AI Index (Language-Technology-Assessment/main-database@5a388e8, "
    "2026-06-12; doi:10.5281/zenodo.15386042)"
)
OSAI_MARKETED = (
    "listed in the European Open Source AI Index, which includes models their makers describe "
    "or market as open or open source"
)


class BuildError(RuntimeError):
    pass


def build_document(data_dir: Path) -> dict[str, Any]:
    rows = _read_csv(data_dir / "model_catalog_facts.csv")
    litellm_text = (data_dir / "litellm" / "model_prices_and_context_window.json").read_text()
    prices = parse_litellm(litellm_text, "model_prices_and_context_window.json")
    spdx = {
        entry["licenseId"]: entry
        for entry in json.loads((data_dir / "mot" / "mof-licenses.json").read_text())["licenses"]
    }
    with (data_dir / "hf-licenses" / "hf_license_identifiers.csv").open(newline="") as handle:
        hf = {row["hf_id"]: row for row in csv.DictReader(handle)}
    licences = [_licence(key, spec, spdx, hf) for key, spec in curation.LICENCES.items()]
    models, api_prices = [], []
    sources: dict[str, dict[str, str]] = {}
    for spec in curation.MODELS:
        if spec.csv_row not in rows:
            raise BuildError(f"{spec.name}: no row {spec.csv_row!r} in the compiled facts")
        models.append(_model(spec, rows[spec.csv_row], data_dir, sources))
        for key in spec.litellm_keys:
            if key not in prices:
                raise BuildError(f"{spec.name}: LiteLLM has no priced entry {key!r}")
            api_prices.append(price_entry(spec.name, prices[key], LITELLM_LABEL, COPY_DATE))
    return {
        "format": FORMAT,
        "built_from": {
            "compiled_facts": f"model_catalog_facts.csv (copy of {COPY_DATE})",
            "litellm": LITELLM_LABEL,
            "mot": MOT_LABEL,
            "osai_index": OSAI_LABEL,
            "hf_licences": HF_LABEL,
            "attribution": "catalog/data/ATTRIBUTION.md",
        },
        "not_shipped": list(curation.NOT_SHIPPED),
        "sources": dict(sorted(sources.items())),
        "licences": licences,
        "models": models,
        "api_prices": api_prices,
        "gpu_offers": [],
        "throughputs": [],
    }


def price_entry(model: str, price: Any, label: str, as_of: str) -> dict[str, Any]:
    """One LiteLLM price as a catalog price, with the provider's page it was read from."""
    where = f"{price.source}, as transcribed in {label}" if price.source else label
    return {
        "model": model,
        "provider": price.provider,
        "litellm_key": price.key,
        "input_usd_per_mtok": price.input_usd_per_mtok,
        "output_usd_per_mtok": price.output_usd_per_mtok,
        "max_input_tokens": price.max_input_tokens,
        "max_output_tokens": price.max_output_tokens,
        "source": where,
        "as_of": as_of,
    }


def _read_csv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {row["model"]: row for row in csv.DictReader(handle)}


def _licence(
    key: str, spec: dict[str, Any], spdx: dict[str, Any], hf: dict[str, dict[str, str]]
) -> dict[str, Any]:
    listed = spdx.get(spec["spdx"]) if spec["spdx"] else None
    if spec["spdx"] and listed is None:
        raise BuildError(f"{key}: {spec['spdx']} is not in the SPDX list")
    hf_id = spec.get("hf_id") or ""
    if hf_id and hf_id not in hf:
        raise BuildError(f"{key}: {hf_id} is not in the Hugging Face licence list")
    url = (
        spec["url"]
        or (listed["reference"] if listed else "")
        or (hf[hf_id]["license_link"] if hf_id else "")
    )
    source = spec["source"] + (f"; Hugging Face licence id {hf_id} ({HF_LABEL})" if hf_id else "")
    unknown = set(spec["clauses"]) - set(CLAUSE_IDS)
    if unknown:
        raise BuildError(f"{key}: unknown clauses {sorted(unknown)}")
    return {
        "key": key,
        "name": spec["name"],
        "spdx": spec["spdx"],
        "osi_approved": bool(listed and listed.get("isOsiApproved")),
        "proprietary": spec.get("proprietary", False),
        "copyleft": spec.get("copyleft", False),
        "hf_id": hf_id,
        "url": url,
        "obligations": spec["obligations"],
        "clauses": spec["clauses"],
        "source": source,
        "as_of": MOT_DATE if listed else COPY_DATE,
    }


def _lead(text: str) -> tuple[str, str]:
    """'yes (gated, licence acceptance)' → ('yes', 'gated, licence acceptance')."""
    match = re.match(r"^\s*([^(]*?)\s*(?:\((.*)\))?\s*$", text)
    if not match:
        return text.strip(), ""
    return match.group(1).strip().lower(), (match.group(2) or "").strip()


def _openness(text: str) -> tuple[str, str]:
    word, note = _lead(text)
    value = {"yes": "open", "no": "closed", "partial": "partial"}.get(word.split(" ")[0])
    return value or "unknown", note


def _commercial(text: str) -> tuple[str, str]:
    word, note = _lead(text)
    if word.startswith("yes, conditional") or word.startswith("conditional"):
        return "conditional", note
    if word.startswith("yes"):
        return "yes", note
    if word.startswith("no"):
        return "no", note
    raise BuildError(f"commercial use {text!r}: expected yes, conditional or no")


def _model(
    spec: curation.ModelSpec,
    row: dict[str, str],
    data_dir: Path,
    sources: dict[str, dict[str, str]],
) -> dict[str, Any]:
    """One model; the sources its facts cite go into ``sources``, named by id."""
    row = {**row, **spec.overrides}
    csv_source = f"facts:{spec.csv_row}"
    sources[csv_source] = {
        "source": f"{row['sources']} (via {curation.CSV_SOURCE})",
        "as_of": COPY_DATE,
    }
    weights_word, weights_note = _lead(row["weights_downloadable"])
    commercial, commercial_note = _commercial(row["commercial_use"])
    code, code_note = _openness(row["training_code_open"])
    data, data_note = _openness(row["training_data_open"])
    context = row["context"]
    provenance = dict.fromkeys(FACT_FIELDS, csv_source)
    if "UNVERIFIED" in context:
        context = ""
        provenance["context_length"] = "facts:unverified"
        sources["facts:unverified"] = {
            "source": f"not given: marked unverified in {curation.CSV_SOURCE}",
            "as_of": COPY_DATE,
        }
    if spec.mot_record:
        # The Model Openness Tool is the structured source for openness, and what import_mot
        # refreshes, so the shipped file says what importing the same records would say.
        record = parse_mot(
            (data_dir / "mot" / "models" / spec.mot_record).read_text(), spec.mot_record
        )
        code_openness, data_openness = mot_training_code(record), mot_training_data(record)
        code, code_note = code_openness.value, code_openness.note
        data, data_note = data_openness.value, data_openness.note
        mot_source = f"mot:{spec.mot_record}"
        sources[mot_source] = {
            "source": f"{MOT_LABEL}, models/{spec.mot_record}",
            "as_of": record.date.isoformat(),
        }
        provenance["training_code"] = provenance["training_data"] = mot_source
    marketed = None
    if spec.osai_record:
        if not (data_dir / "osai-index" / spec.osai_record).exists():
            raise BuildError(f"{spec.name}: no index record {spec.osai_record}")
        marketed = {"text": OSAI_MARKETED, "source": f"{OSAI_LABEL}, {spec.osai_record}"}
    access = "closed_api" if row["access"].strip().lower().startswith("closed") else "open_weights"
    return {
        "name": spec.name,
        "slug": _slug(spec.name),
        "developer": row["developer"],
        "access": access,
        "licence": spec.licence,
        "weights_downloadable": weights_word.startswith("yes"),
        "weights_note": weights_note,
        "commercial_use": commercial,
        "commercial_note": commercial_note,
        "restrictions": row["restrictions"],
        "training_code": code,
        "training_code_note": code_note,
        "training_data": data,
        "training_data_note": data_note,
        "parameters": row["params"],
        "context_length": context,
        "marketed_open": marketed,
        "litellm_keys": list(spec.litellm_keys),
        "mot_record": spec.mot_record,
        "osai_record": spec.osai_record,
        "provenance": provenance,
    }


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
