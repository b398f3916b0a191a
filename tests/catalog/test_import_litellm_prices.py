"""`manage.py import_litellm_prices FILE`: refreshes the catalog's API prices from a LiteLLM
price map into a new version, says what changed, and takes a malformed file not at all."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import services
from catalog.models import ApiPrice, CatalogVersion, Model
from tests.catalog.conftest import GPT_4O, LITELLM_FILE, attempt, refused, run, write_json


def prices_state() -> list[tuple[Any, ...]]:
    return list(
        ApiPrice.objects.order_by("pk").values_list(
            "version", "litellm_key", "input_usd_per_mtok", "output_usd_per_mtok", "as_of"
        )
    )


def test_it_imports_the_shipped_price_map_as_a_new_version_with_nothing_changed(
    catalog_v1: int, shared_data: Path
) -> None:
    output = run("import_litellm_prices", LITELLM_FILE, "--as-of", "2026-12-05")
    assert output.splitlines()[0] == "Catalog version 2: 0 added, 0 changed, 52 unchanged."
    assert services.current_version() == 2
    version = CatalogVersion.objects.get(number=2)
    assert (version.kind, version.summary["unchanged"]) == ("litellm_prices", 52)
    # Confirmed as of the new date, still set by the version that set it.
    price = ApiPrice.objects.get(version=2, litellm_key="gpt-4o")
    assert (price.as_of, price.set_in_id) == (datetime.date(2026, 12, 5), 1)
    # Version 1 is untouched.
    assert ApiPrice.objects.get(version=1, litellm_key="gpt-4o").as_of == datetime.date(2026, 12, 4)


def test_it_reports_each_change_with_old_and_new_values(catalog_v1: int, tmp_path: Path) -> None:
    document = {
        "gpt-4o": {**GPT_4O, "input_cost_per_token": 3e-06},
        "gpt-4.1": {
            **GPT_4O,
            "input_cost_per_token": 2e-06,
            "output_cost_per_token": 8e-06,
            "max_input_tokens": 1047576,
            "max_output_tokens": 32768,
        },
    }
    path = write_json(tmp_path / "model_prices.json", document)
    lines = run("import_litellm_prices", path, "--as-of", "2026-12-06").splitlines()
    assert lines[0] == "Catalog version 2: 0 added, 1 changed, 1 unchanged."
    assert lines[1] == "  changed GPT-4o via openai (gpt-4o) input: 2.5 USD/1M → 3.0 USD/1M"
    assert lines[2].startswith("  not priced in this file, kept as they were (50): ")
    new = ApiPrice.objects.get(version=2, litellm_key="gpt-4o")
    assert (new.input_usd_per_mtok, new.set_in_id, new.as_of) == (
        3.0,
        2,
        datetime.date(2026, 12, 6),
    )
    assert new.source == (
        "https://developers.openai.com/api/docs/pricing, "
        "as transcribed in LiteLLM model_prices.json"
    )
    assert CatalogVersion.objects.get(number=2).source == path.name  # no server path
    kept = ApiPrice.objects.get(version=2, litellm_key="claude-sonnet-4-5")
    assert (kept.set_in_id, kept.as_of) == (1, datetime.date(2026, 12, 4))

    # A record that used version 1 still gets version 1's price.
    def openai_price(version: int | None) -> float:
        prices = services.model_facts("GPT-4o", version=version)["api_prices"]
        return next(p["input_usd_per_mtok"] for p in prices if p["litellm_key"] == "gpt-4o")

    assert openai_price(1) == 2.5
    assert openai_price(None) == 3.0


def test_it_adds_a_price_for_a_key_the_catalog_names_but_had_no_price_for(
    catalog_v1: int, tmp_path: Path
) -> None:
    Model.objects.filter(name="Gemini 1.5 Pro").update(litellm_keys=["gemini/gemini-1.5-pro"])
    entry = {**GPT_4O, "litellm_provider": "gemini", "source": "https://ai.google.dev/pricing"}
    path = write_json(tmp_path / "p.json", {"gemini/gemini-1.5-pro": entry})
    lines = run("import_litellm_prices", path).splitlines()
    assert lines[0] == "Catalog version 2: 1 added, 0 changed, 0 unchanged."
    assert lines[1] == (
        "  added Gemini 1.5 Pro via gemini (gemini/gemini-1.5-pro): input 2.5, output 10 USD/1M"
    )
    price = ApiPrice.objects.get(version=2, litellm_key="gemini/gemini-1.5-pro")
    assert (price.set_in_id, price.as_of) == (2, datetime.datetime.now(datetime.UTC).date())


def test_it_refuses_a_malformed_file_with_the_key_at_fault_and_imports_nothing(
    catalog_v1: int, tmp_path: Path
) -> None:
    document = {
        "gpt-4o": {**GPT_4O, "input_cost_per_token": "abc"},
        "gpt-4.1": {**GPT_4O, "input_cost_per_token": 1e-06},
    }
    before = prices_state()
    message = refused("import_litellm_prices", write_json(tmp_path / "model_prices.json", document))
    assert message == (
        'model_prices.json: line 2: key "gpt-4o" → "input_cost_per_token": expected a number ≥ 0, '
        'got a string "abc"'
    )
    assert prices_state() == before
    assert CatalogVersion.objects.count() == 1


def test_it_refuses_broken_json_and_text_that_is_not_utf8(catalog_v1: int, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text('{"gpt-4o": {\n"input_cost_per_token": 1e-06\n')
    assert refused("import_litellm_prices", tmp_path / "a.json") == (
        "a.json: line 3, column 1: not valid JSON: Expecting ',' delimiter"
    )
    (tmp_path / "b.json").write_bytes(b'{\n"gpt-4o": "\xff"}')
    assert refused("import_litellm_prices", tmp_path / "b.json") == "b.json: line 2: not UTF-8 text"
    assert CatalogVersion.objects.count() == 1


def test_it_refuses_a_bad_date_and_an_empty_catalog(db: None, tmp_path: Path) -> None:
    path = write_json(tmp_path / "p.json", {"gpt-4o": GPT_4O})
    assert refused("import_litellm_prices", path, "--as-of", "yesterday") == (
        "--as-of: expected a date YYYY-MM-DD, got 'yesterday'"
    )
    assert refused("import_litellm_prices", path) == (
        "the catalog is empty: run `manage.py load_catalog` first"
    )
    assert CatalogVersion.objects.count() == 0


def test_it_leaves_nothing_behind_when_the_write_fails(
    catalog_v1: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after the new version and its copies were written rolls all of it back."""
    before = prices_state()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(ApiPrice.objects, "bulk_create", broken)
    path = write_json(tmp_path / "p.json", {"gpt-4o": {**GPT_4O, "input_cost_per_token": 9e-06}})
    with pytest.raises(RuntimeError):
        run("import_litellm_prices", path)
    assert CatalogVersion.objects.count() == 1
    assert prices_state() == before


price_values = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, min_value=0, max_value=1),
    st.integers(min_value=-5, max_value=10**12),
    st.text(max_size=5),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)
entries = st.fixed_dictionaries(
    {},
    optional={
        "input_cost_per_token": price_values,
        "output_cost_per_token": price_values,
        "max_input_tokens": price_values,
        "max_output_tokens": price_values,
        "litellm_provider": st.one_of(st.text(max_size=10), price_values),
        "source": st.one_of(st.text(max_size=10), price_values),
    },
)
documents = st.dictionaries(
    st.sampled_from(["gpt-4o", "gpt-4.1", "claude-sonnet-4-5", "gemini/gemini-2.5-pro", "other"]),
    st.one_of(entries, price_values),
    max_size=4,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(document=documents)
def test_it_either_imports_all_or_nothing_for_any_document(
    catalog_v1: int, tmp_path: Path, document: dict[str, Any]
) -> None:
    path = write_json(tmp_path / "p.json", document)
    with transaction.atomic():
        before = prices_state()
        status, output = attempt("import_litellm_prices", path, "--as-of", "2026-12-07")
        if status:
            assert status == 2
            assert output.startswith("p.json: ")
            assert prices_state() == before
            assert services.current_version() == 1
        else:
            assert output.startswith("Catalog version 2: ")
            current = ApiPrice.objects.filter(version=2)
            assert current.count() == 52
            for key, entry in document.items():
                row = current.filter(litellm_key=key).first()
                priced = isinstance(entry, dict) and {
                    "input_cost_per_token",
                    "output_cost_per_token",
                } <= set(entry)
                if row is not None and priced:
                    assert row.input_usd_per_mtok == round(entry["input_cost_per_token"] * 1e6, 6)
        transaction.set_rollback(True)
