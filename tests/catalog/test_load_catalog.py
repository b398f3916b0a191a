"""`manage.py load_catalog`: the shipped file as version 1, idempotent, every fact sourced;
a malformed file refused whole with the place of each fault."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from catalog.models import ApiPrice, CatalogVersion, Licence, Model
from tests.catalog.conftest import SHIPPED, refused, run, shipped_document, write_json


@pytest.mark.django_db
def test_it_loads_the_shipped_catalog_as_version_1() -> None:
    output = run("load_catalog")
    assert output == (
        "Loaded catalog.json as catalog version 1: 12 licences, 33 models, 52 api prices, "
        "0 gpu offers, 0 throughputs.\n"
    )
    version = CatalogVersion.objects.get()
    # Cited by its place in the project, not by where this checkout sits on the server.
    assert (version.number, version.kind, version.source) == (
        1,
        "fixture",
        "catalog/data/catalog.json",
    )
    assert Model.objects.filter(version=version, set_in=version).count() == 33
    assert ApiPrice.objects.count() == 52


def test_it_is_idempotent(catalog_v1: int) -> None:
    assert run("load_catalog") == "Catalog version 1 already holds catalog.json; nothing to load.\n"
    assert CatalogVersion.objects.count() == 1
    assert Model.objects.count() == 33


def test_it_loads_again_when_forced(catalog_v1: int) -> None:
    assert run("load_catalog", "--force").startswith("Loaded catalog.json as catalog version 2:")
    assert Model.objects.filter(version_id=2).count() == 33


def test_it_gives_every_fact_of_every_model_a_source_and_a_date(catalog_v1: int) -> None:
    for model in Model.objects.all():
        for field in Model.FACT_FIELDS:
            assert model.fact(field)["source"], (model.name, field)
            assert len(model.fact(field)["as_of"]) == 10, (model.name, field)
    for row in [*ApiPrice.objects.all(), *Licence.objects.all()]:
        assert row.source, row
        assert row.as_of, row


def test_it_covers_the_compiled_facts_and_the_closed_models_with_their_prices(
    catalog_v1: int,
) -> None:
    closed = set(Model.objects.filter(access="closed_api").values_list("name", flat=True))
    assert closed == {
        "GPT-4o", "GPT-4.1", "GPT-5", "Claude Sonnet 4", "Claude Opus 4", "Claude Opus 4.1",
        "Claude Sonnet 4.5", "Claude Haiku 4.5", "Claude Opus 4.5", "Claude 3.5 Sonnet",
        "Gemini 2.5 Pro", "Gemini 2.5 Flash", "Gemini 1.5 Pro",
    }  # fmt: skip
    unpriced = set(Model.objects.filter(prices=None).values_list("name", flat=True))
    # The LiteLLM file has no price for these (said in the catalog file's not_shipped).
    assert unpriced == {"Gemini 1.5 Pro", "OLMo 2", "Falcon 180B", "Qwen2.5"}
    gpt4o = ApiPrice.objects.get(litellm_key="gpt-4o")
    assert (gpt4o.provider, gpt4o.input_usd_per_mtok, gpt4o.output_usd_per_mtok) == (
        "openai",
        2.5,
        10.0,
    )
    assert gpt4o.source.startswith(
        "https://developers.openai.com/api/docs/pricing, as transcribed in LiteLLM"
    )


def test_it_stays_a_compact_file() -> None:
    assert SHIPPED.stat().st_size < 100_000


def test_it_refuses_a_malformed_file_naming_each_fault_and_loads_nothing(
    db: None, tmp_path: Path
) -> None:
    document = shipped_document()
    document["models"][0]["access"] = "open-ish"
    document["models"][1]["provenance"].pop("parameters")
    document["api_prices"][2]["input_usd_per_mtok"] = "cheap"
    message = refused("load_catalog", write_json(tmp_path / "bad.json", document))
    assert message == (
        'bad.json: models[0] → access: expected one of open_weights, closed_api, got "open-ish"\n'
        'bad.json: api_prices[2] → input_usd_per_mtok: expected a number ≥ 0, got "cheap"'
    )
    assert CatalogVersion.objects.count() == 0
    document = shipped_document()
    document["models"][1]["provenance"].pop("parameters")
    document["api_prices"][0]["model"] = "GPT-40"
    assert refused("load_catalog", write_json(tmp_path / "bad.json", document)) == (
        "bad.json: models[1] → provenance → parameters: missing: every fact needs its source\n"
        'bad.json: api_prices[0] → model: no model named "GPT-40"'
    )
    assert Model.objects.count() == 0


def test_it_names_the_line_of_broken_json(db: None, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n "format": "openweigh-catalog/1",\n "models": [}\n')
    assert refused("load_catalog", path) == (
        "broken.json: line 3, column 13: not valid JSON: Expecting value"
    )


def test_it_refuses_a_missing_file(db: None, tmp_path: Path) -> None:
    assert refused("load_catalog", tmp_path / "nope.json") == (
        f"cannot read {tmp_path / 'nope.json'}: No such file or directory"
    )


def test_it_matches_what_the_sources_build(shared_data: Path) -> None:
    """The shipped file is the build script's output from the source data, unedited."""
    call_command("build_catalog_fixture", "--check", "--data", str(shared_data))


def test_it_says_what_it_does_not_ship() -> None:
    not_shipped = shipped_document()["not_shipped"]
    assert any(line.startswith("GPU offers") for line in not_shipped)
    assert any(line.startswith("Throughput") for line in not_shipped)
    assert json.loads(SHIPPED.read_text())["gpu_offers"] == []


def test_it_takes_licence_ids_and_addresses_from_the_licence_lists(catalog_v1: int) -> None:
    rows = {
        licence.key: (licence.spdx_id, licence.hf_id, licence.osi_approved, licence.url)
        for licence in Licence.objects.all()
    }
    assert rows["apache-2.0"] == (
        "Apache-2.0",
        "apache-2.0",
        True,
        "https://spdx.org/licenses/Apache-2.0.html",
    )
    assert rows["llama-3.1-community"] == (
        "",
        "llama3.1",
        False,
        "https://www.llama.com/llama3_1/license/",
    )
    assert rows["llama-3.3-community"] == (
        "",
        "llama3.3",
        False,
        "https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct/blob/main/LICENSE",
    )
    assert rows["qwen-license"] == ("", "", False, "")
