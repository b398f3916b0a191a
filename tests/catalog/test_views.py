"""The catalog pages: for every signed-in user, filters that validate, a model's facts with
their sources, and a list whose query count does not grow with the number of models."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.catalog.conftest import GPT_4O, shipped_document, write_json


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.model.name for row in response.context["rows"]]


def test_it_requires_sign_in(client: Client, catalog_v1: int) -> None:
    for url in ("/catalog/", "/catalog/models/gpt-4o/", "/catalog/versions/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"


def test_it_shows_every_model_to_a_user_of_no_organisation(
    reader_client: Client, catalog_v1: int
) -> None:
    response = reader_client.get("/catalog/")
    assert response.status_code == 200
    assert len(names(response)) == 33
    assert b'<a href="/catalog/models/llama-3-1/">Llama 3.1</a>' in response.content
    assert b"Monthly-active-user cap" in response.content
    # Gemma 3's only price is LiteLLM's zero for Google's hosted Gemma: said, not passed off.
    assert response.content.count(b": no charge listed</div>") == 1


def test_it_links_the_catalog_from_the_header(reader_client: Client, catalog_v1: int) -> None:
    assert b'<a href="/catalog/">Catalog</a>' in reader_client.get("/catalog/").content


def test_it_says_when_the_catalog_is_empty(reader_client: Client) -> None:
    response = reader_client.get("/catalog/")
    assert response.status_code == 200
    assert b"The catalog is empty" in response.content


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("access=closed_api&q=gemini", ["Gemini 1.5 Pro", "Gemini 2.5 Flash", "Gemini 2.5 Pro"]),
        ("q=meta", ["Llama 3.1", "Llama 3.3 70B", "Llama 4 Maverick", "Llama 4 Scout"]),
        ("flags=user_cap&flags=regional_exclusion", ["Llama 4 Maverick", "Llama 4 Scout"]),
        ("flags=remote_restriction", ["Gemma 2", "Gemma 3"]),
        ("category=open_weights_restricted&commercial=yes", ["DeepSeek-V3", "Qwen2.5 72B"]),
        (
            "access=open_weights&no_flags=on&q=mistral",
            ["Mistral 7B", "Mistral Large 3", "Mistral Small 3", "Mixtral 8x7B"],
        ),
        ("category=non_commercial", []),
    ],
)
def test_it_filters(
    reader_client: Client, catalog_v1: int, query: str, expected: list[str]
) -> None:
    response = reader_client.get(f"/catalog/?{query}")
    assert response.status_code == 200
    assert names(response) == expected
    assert not response.context["form"].errors


def test_it_says_which_filter_values_are_wrong_and_applies_the_others(
    reader_client: Client, catalog_v1: int
) -> None:
    response = reader_client.get(
        "/catalog/?access=bogus&flags=user_cap&flags=nonsense&version=99&category=permissive"
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "access": ["Select a valid choice. bogus is not one of the available choices."],
        "flags": ["Select a valid choice. nonsense is not one of the available choices."],
        "version": ["There is no catalog version 99; the only one is 1."],
    }
    assert b"Some filters were not applied." in response.content
    # The category filter still applies.
    assert names(response)[:2] == ["DeepSeek-R1", "Mistral 7B"]
    conflicting = reader_client.get("/catalog/?flags=user_cap&no_flags=on")
    assert conflicting.context["form"].errors == {
        "no_flags": ["Tick flags or “no licence flag”, not both."]
    }
    long = reader_client.get("/catalog/?q=" + "x" * 500 + "&version=abc")
    assert set(long.context["form"].errors) == {"q", "version"}


def test_it_shows_an_earlier_version(
    reader_client: Client, catalog_v1: int, tmp_path: Path
) -> None:
    path = write_json(
        tmp_path / "p.json",
        {"gpt-4o": {**GPT_4O, "input_cost_per_token": 9e-06}},
    )
    call_command("import_litellm_prices", path, stdout=StringIO())
    current = reader_client.get("/catalog/models/gpt-4o/")
    assert current.context["version"] == 2
    assert b"9</td>" in current.content
    earlier = reader_client.get("/catalog/models/gpt-4o/?version=1")
    assert earlier.context["facts"]["catalog_version"] == 1
    assert b"(current: <a" in earlier.content
    listing = reader_client.get("/catalog/?version=1")
    assert listing.context["version"] == 1
    assert b'href="/catalog/models/gpt-4o/?version=1"' in listing.content
    missing = reader_client.get("/catalog/?version=3")
    assert b"There is no catalog version 3; the versions are 1 to 2." in missing.content


def test_it_shows_a_models_facts_with_source_and_date(
    reader_client: Client, catalog_v1: int
) -> None:
    response = reader_client.get("/catalog/models/llama-3-1/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Llama 3.1</h1>" in content
    assert "Open weights, restricted licence" in content
    for flag in ("open_washing", "user_cap", "use_policy", "attribution_naming"):
        assert f'id="flag-{flag}"' in content
    assert (
        "meta-llama/llama-models@a9c89c4 models/llama3_1/LICENSE, §2 Additional Commercial Terms"
        in content
    )
    assert (
        "Model Openness Tool (lfai/model_openness_tool@8b5d30e), models/Llama-3.1-8B.yml" in content
    )
    assert "2025-05-26" in content
    assert "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct" in content
    assert "None of the catalog's sources gives a measured figure" in content


def test_it_shows_no_flags_and_no_self_hosting_for_a_closed_model(
    reader_client: Client, catalog_v1: int
) -> None:
    content = reader_client.get("/catalog/models/gpt-4o/").content.decode()
    assert "No flags:" in content
    assert "Self-hosting" not in content
    assert "https://developers.openai.com/api/docs/pricing, as transcribed in LiteLLM" in content


def test_it_answers_404_for_an_unknown_model_or_version(
    reader_client: Client, catalog_v1: int
) -> None:
    assert reader_client.get("/catalog/models/gpt-99/").status_code == 404
    assert reader_client.get("/catalog/models/gpt-4o/?version=7").status_code == 404
    assert reader_client.get("/catalog/models/gpt-4o/?version=x").status_code == 404


def test_it_is_read_only(reader_client: Client, catalog_v1: int) -> None:
    assert reader_client.post("/catalog/").status_code == 405
    assert reader_client.post("/catalog/models/gpt-4o/").status_code == 405


def test_it_lists_the_versions_with_their_changes(
    reader_client: Client, catalog_v1: int, tmp_path: Path
) -> None:
    path = write_json(
        tmp_path / "p.json",
        {"gpt-4o": {**GPT_4O, "input_cost_per_token": 3e-06}},
    )
    call_command("import_litellm_prices", path, stdout=StringIO())
    content = reader_client.get("/catalog/versions/").content.decode()
    assert "12 licences, 33 models, 52 api prices, 0 gpu offers, 0 throughputs" in content
    assert "0 added, 1 changed, 0 unchanged" in content
    assert "GPT-4o via openai (gpt-4o) input: 2.5 USD/1M → 3.0 USD/1M" in content


def list_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_it_lists_with_the_same_few_queries_for_one_model_or_all(
    reader_client: Client, db: None, tmp_path: Path
) -> None:
    small = shipped_document()
    small["models"] = [m for m in small["models"] if m["name"] == "GPT-4o"]
    small["api_prices"] = [p for p in small["api_prices"] if p["model"] == "GPT-4o"]
    call_command("load_catalog", write_json(tmp_path / "small.json", small), stdout=StringIO())
    reader_client.get("/catalog/")  # the session's first use
    one = list_queries(reader_client, "/catalog/?commercial=yes")
    call_command("load_catalog", stdout=StringIO())
    everything = list_queries(reader_client, "/catalog/?commercial=yes")
    assert one == everything
    # session, user, versions, models with their licences, their prices
    assert everything == 5
