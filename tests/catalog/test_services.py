"""catalog.services: what the decisions app will ask the catalog, as plain data, for the
current version or any earlier one; and the known licence cases on the shipped catalog."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from catalog import services
from tests.catalog.conftest import shipped_document, write_json


def flag_ids(name: str) -> list[str]:
    return [flag["id"] for flag in services.model_facts(name)["flags"]]


def test_it_has_no_version_before_anything_is_loaded(db: None) -> None:
    assert services.current_version() is None
    assert services.version_info() is None
    with pytest.raises(services.UnknownModel) as raised:
        services.model_facts("GPT-4o")
    assert str(raised.value) == "no model named 'GPT-4o' in the catalog (empty)"


def test_it_classifies_mistral_7b_as_permissive_without_flags(catalog_v1: int) -> None:
    facts = services.model_facts("Mistral 7B")
    assert facts["licence"]["spdx"] == "Apache-2.0"
    assert facts["licence"]["osi_approved"] is True
    assert facts["licence"]["category"] == "permissive"
    assert facts["flags"] == []


def test_it_classifies_llama_3_1_as_restricted_with_its_flags(catalog_v1: int) -> None:
    facts = services.model_facts("Llama 3.1")
    assert facts["licence"]["category"] == "open_weights_restricted"
    assert flag_ids("Llama 3.1") == ["open_washing", "user_cap", "use_policy", "attribution_naming"]
    user_cap = facts["flags"][1]
    assert "700 million monthly active users" in user_cap["text"]
    assert user_cap["source"] == (
        "meta-llama/llama-models@a9c89c4 models/llama3_1/LICENSE, §2 Additional Commercial Terms"
    )


def test_it_classifies_gemma_as_restricted_with_a_remote_restriction(catalog_v1: int) -> None:
    for name in ("Gemma 2", "Gemma 3"):
        assert services.model_facts(name)["licence"]["category"] == "open_weights_restricted"
        assert flag_ids(name) == ["open_washing", "use_policy", "remote_restriction"]
    remote = services.model_facts("Gemma 3")["flags"][2]
    assert "“remotely or otherwise”" in remote["text"]
    assert remote["source"] == "Gemma Terms of Use §3.2 (https://ai.google.dev/gemma/terms)"


def test_it_classifies_gpt_4o_as_proprietary(catalog_v1: int) -> None:
    facts = services.model_facts("GPT-4o")
    assert (facts["access"], facts["licence"]["category"], facts["flags"]) == (
        "closed_api",
        "proprietary",
        [],
    )


def test_it_flags_llama_4s_regional_exclusion_and_no_flag_for_unread_terms(catalog_v1: int) -> None:
    assert flag_ids("Llama 4 Scout") == [
        "open_washing",
        "user_cap",
        "use_policy",
        "regional_exclusion",
        "attribution_naming",
    ]
    qwen = services.model_facts("Qwen2.5 72B")
    assert (qwen["licence"]["category"], qwen["flags"]) == ("open_weights_restricted", [])
    assert qwen["licence"]["obligations"].startswith("Terms not verified for this catalog")


def test_it_gives_the_categories_of_every_shipped_model(catalog_v1: int) -> None:
    categories = {
        name: services.model_facts(name)["licence"]["category"] for name in services.model_names()
    }
    restricted = {
        "Llama 3.1", "Llama 3.3 70B", "Llama 4 Scout", "Llama 4 Maverick", "Gemma 2", "Gemma 3",
        "DeepSeek-V3", "Falcon 180B", "Qwen2.5 72B",
    }  # fmt: skip
    assert {n for n, c in categories.items() if c == "open_weights_restricted"} == restricted
    assert {n for n, c in categories.items() if c == "proprietary"} == {
        n for n in categories if n.startswith(("GPT-4", "GPT-5", "Claude", "Gemini"))
    }
    assert set(categories.values()) == {"permissive", "open_weights_restricted", "proprietary"}


def test_it_gives_plain_data_with_every_fact_sourced(catalog_v1: int) -> None:
    facts = services.model_facts("llama 3.1")  # any case
    assert json.loads(json.dumps(facts)) == facts
    assert facts["catalog_version"] == 1
    assert facts["facts"]["weights_downloadable"] == {
        "value": True,
        "note": "gated, licence acceptance",
        "source": (
            "meta-llama/llama-models@a9c89c4 models/llama3_1/"
            "{LICENSE,USE_POLICY.md,MODEL_CARD.md}; osai-index llama-3.1.yaml "
            "(via model_catalog_facts.csv (compiled facts))"
        ),
        "as_of": "2026-12-04",
    }
    assert list(facts["facts"]) == [
        "developer", "access", "licence", "weights_downloadable", "commercial_use",
        "restrictions", "training_code", "training_data", "parameters", "context_length",
    ]  # fmt: skip
    cheapest = facts["api_prices"][0]
    assert cheapest == {
        "provider": "deepinfra",
        "litellm_key": "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct",
        "input_usd_per_mtok": 0.03,
        "output_usd_per_mtok": 0.05,
        "max_input_tokens": 131072,
        "max_output_tokens": 131072,
        "source": "LiteLLM model_prices_and_context_window.json (litellm 1.110.2)",
        "as_of": "2026-12-04",
        "set_in_version": 1,
    }
    assert facts["self_hosting"] == []


def test_it_suggests_the_closest_names(catalog_v1: int) -> None:
    with pytest.raises(services.UnknownModel) as raised:
        services.model_facts("GPT4o")
    assert raised.value.suggestions[0] == "GPT-4o"
    with pytest.raises(services.UnknownVersion):
        services.model_facts("GPT-4o", version=7)


def test_it_gives_self_hosting_figures_with_their_offers_when_a_catalog_has_them(
    db: None, tmp_path: Path
) -> None:
    # Made-up figures for this test only: the shipped catalog has none (no public source).
    document: dict[str, Any] = shipped_document()
    document["gpu_offers"] = [
        {"gpu": "H100 80GB", "provider": "Cloud A", "usd_per_hour": 2.5, "note": "on demand",
         "source": "test figure", "as_of": "2026-12-01"},
        {"gpu": "L4", "provider": "Cloud B", "usd_per_hour": 0.7, "note": "",
         "source": "test figure", "as_of": "2026-12-01"},
    ]  # fmt: skip
    document["throughputs"] = [
        {"model": "Llama 3.1", "gpu": "H100 80GB", "engine": "vLLM", "output_tokens_per_s": 1800.0,
         "note": "8B, batch 32", "source": "test figure", "as_of": "2026-12-02"},
    ]  # fmt: skip
    call_command("load_catalog", write_json(tmp_path / "c.json", document), stdout=StringIO())
    assert services.model_facts("Llama 3.1")["self_hosting"] == [
        {
            "gpu": "H100 80GB",
            "engine": "vLLM",
            "output_tokens_per_s": 1800.0,
            "note": "8B, batch 32",
            "source": "test figure",
            "as_of": "2026-12-02",
            "set_in_version": 1,
            "gpu_offers": [
                {
                    "gpu": "H100 80GB",
                    "provider": "Cloud A",
                    "usd_per_hour": 2.5,
                    "note": "on demand",
                    "source": "test figure",
                    "as_of": "2026-12-01",
                    "set_in_version": 1,
                }
            ],
        }
    ]
    assert [offer["gpu"] for offer in services.gpu_offers()] == ["H100 80GB", "L4"]
    # An import copies them forward unchanged, still set by version 1.
    write_json(tmp_path / "p.json", {})
    call_command("import_litellm_prices", tmp_path / "p.json", stdout=StringIO())
    copied = services.model_facts("Llama 3.1")
    assert copied["catalog_version"] == 2
    assert copied["self_hosting"][0]["set_in_version"] == 1
    assert copied["self_hosting"][0]["gpu_offers"][0]["usd_per_hour"] == 2.5


def test_it_describes_a_version(catalog_v1: int) -> None:
    info = services.version_info()
    assert info is not None
    assert (info["number"], info["kind"]) == (1, "fixture")
    assert info["summary"] == {
        "loaded": {
            "licences": 12,
            "models": 33,
            "api_prices": 52,
            "gpu_offers": 0,
            "throughputs": 0,
        }
    }
