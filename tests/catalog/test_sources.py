"""Reading LiteLLM price maps and Model Openness Tool records: what is taken, and every fault
named by its key and line. No database."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog.sources import (
    MotComponent,
    SourceInvalid,
    mot_training_code,
    mot_training_data,
    parse_litellm,
    parse_mot,
    per_million,
)
from tests.catalog.conftest import GPT_4O


def outcome(parse: Callable[[str, str], Any], text: str) -> Any:
    """What a reader makes of ``text`` (as p.json): its result, or its list of errors; any
    other exception fails the test."""
    try:
        return parse(text, "p.json")
    except SourceInvalid as invalid:
        return invalid.errors


def litellm_errors(document: Any) -> list[str]:
    with pytest.raises(SourceInvalid) as raised:
        parse_litellm(json.dumps(document, indent=4), "model_prices.json")
    return raised.value.errors


def test_it_reads_a_price_per_million_tokens() -> None:
    prices = parse_litellm(json.dumps({"gpt-4o": GPT_4O}), "p.json")
    price = prices["gpt-4o"]
    assert (price.provider, price.input_usd_per_mtok, price.output_usd_per_mtok) == (
        "openai",
        2.5,
        10.0,
    )
    assert (price.max_input_tokens, price.max_output_tokens) == (128000, 16384)
    assert price.source == "https://developers.openai.com/api/docs/pricing"


def test_it_rounds_away_float_noise_only() -> None:
    assert 3.3e-06 * 1_000_000 == 3.3000000000000003
    assert per_million(3.3e-06) == 3.3
    assert per_million(1.25e-07) == 0.125
    assert per_million(1.5e-12) == 2e-06


def test_it_leaves_out_entries_without_both_token_prices_and_the_sample_spec() -> None:
    document = {
        "sample_spec": {"max_input_tokens": "max input tokens, if the provider specifies it"},
        "dall-e-3": {"output_cost_per_image": 0.04, "mode": "image_generation"},
        "gpt-4o": GPT_4O,
    }
    assert list(parse_litellm(json.dumps(document), "p.json")) == ["gpt-4o"]


def test_it_names_the_key_the_field_and_the_line_of_a_wrong_value() -> None:
    document = {"gpt-4.1": GPT_4O, "gpt-4o": {**GPT_4O, "input_cost_per_token": "abc"}}
    assert litellm_errors(document) == [
        'model_prices.json: line 11: key "gpt-4o" → "input_cost_per_token": expected a number ≥ 0, '
        'got a string "abc"'
    ]


def test_it_names_every_fault_not_only_the_first() -> None:
    document = {
        "a": {**GPT_4O, "output_cost_per_token": -1, "max_input_tokens": 1.5},
        "b": "not an entry",
        "c": {**GPT_4O, "litellm_provider": 7, "max_output_tokens": True},
    }
    assert [error.removeprefix("model_prices.json: ") for error in litellm_errors(document)] == [
        'line 2: key "a" → "output_cost_per_token": expected a number ≥ 0, got a number -1',
        'line 2: key "a" → "max_input_tokens": expected a whole number of tokens, got a number 1.5',
        'line 11: key "b" → expected an object, got a string "not an entry"',
        'line 12: key "c" → "max_output_tokens": expected a whole number of tokens, got a boolean '
        "true",
        'line 12: key "c" → "litellm_provider": expected a string, got a number 7',
    ]


def test_it_names_the_line_and_column_of_broken_json() -> None:
    with pytest.raises(SourceInvalid) as raised:
        parse_litellm('{\n  "gpt-4o": {"input_cost_per_token": 1e-06,}\n}', "p.json")
    assert raised.value.errors == [
        "p.json: line 2, column 43: not valid JSON: Illegal trailing comma before end of object"
    ]


def test_it_refuses_a_document_that_is_not_an_object() -> None:
    assert litellm_errors([GPT_4O]) == [
        "model_prices.json: expected an object of models by key, got a list"
    ]


def test_it_refuses_infinite_and_nan_prices() -> None:
    text = '{"m": {"input_cost_per_token": NaN, "output_cost_per_token": Infinity}}'
    with pytest.raises(SourceInvalid) as raised:
        parse_litellm(text, "p.json")
    assert [error.split("→ ")[1] for error in raised.value.errors] == [
        '"input_cost_per_token": expected a number ≥ 0, got a number NaN',
        '"output_cost_per_token": expected a number ≥ 0, got a number Infinity',
    ]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
fields = st.sampled_from(
    [
        "input_cost_per_token",
        "output_cost_per_token",
        "max_input_tokens",
        "max_output_tokens",
        "litellm_provider",
        "source",
        "mode",
        "other",
    ]
)


@settings(max_examples=300)
@given(
    st.dictionaries(
        st.text(max_size=12),
        st.one_of(json_values, st.dictionaries(fields, json_values)),
        max_size=5,
    )
)
def test_it_never_crashes_on_any_json_document(document: dict[str, Any]) -> None:
    result = outcome(parse_litellm, json.dumps(document))
    if isinstance(result, list):
        assert result
        assert all(error.startswith("p.json: ") for error in result)
    else:
        for price in result.values():
            assert price.input_usd_per_mtok >= 0
            assert price.output_usd_per_mtok >= 0


MOT = """\
framework:
  name: 'Model Openness Framework'
  version: '1.0'
  date: '2024-12-15'
release:
  name: Example-7B
  version: 7B
  date: '2025-05-22'
  producer: Example Labs
  license:
    distribution:
      name: Apache-2.0
      path: ''
  components:
    -
      name: 'Model architecture'
      description: "Code"
    -
      name: 'Training code'
      description: 'Code used for training the model'
    -
      name: 'Inference code'
      license: unlicensed
"""


def mot_errors(text: str) -> list[str]:
    with pytest.raises(SourceInvalid) as raised:
        parse_mot(text, "Example-7B.yml")
    return raised.value.errors


def test_it_reads_a_mot_record() -> None:
    record = parse_mot(MOT, "Example-7B.yml")
    assert (record.file, record.name, record.producer) == (
        "Example-7B.yml",
        "Example-7B",
        "Example Labs",
    )
    assert record.date == datetime.date(2025, 5, 22)
    assert record.distribution_licence == "Apache-2.0"
    assert record.components == (
        MotComponent("Model architecture", None),
        MotComponent("Training code", None),
        MotComponent("Inference code", "unlicensed"),
    )


def test_it_derives_openness_from_the_components_and_their_licences() -> None:
    record = parse_mot(MOT, "Example-7B.yml")
    assert mot_training_code(record).value == "open"
    assert mot_training_code(record).note == "Training code: released (Apache-2.0)"
    assert (mot_training_data(record).value, mot_training_data(record).note) == (
        "closed",
        "training datasets not released",
    )
    proprietary = parse_mot(
        MOT.replace(
            "      name: 'Training code'\n",
            "      name: 'Training code'\n      license: Proprietary\n",
        ),
        "x.yml",
    )
    assert mot_training_code(proprietary).value == "closed"
    no_training = parse_mot(MOT.replace("'Training code'", "'Evaluation code'"), "x.yml")
    assert mot_training_code(no_training).note == "no training code released; inference code only"


def test_it_names_the_line_of_broken_yaml() -> None:
    assert mot_errors(MOT.replace("  version: 7B", "  version: [7B")) == [
        "Example-7B.yml: line 8: not valid YAML: expected ',' or ']', but got ':'"
    ]


def test_it_names_the_key_and_line_of_a_wrong_value() -> None:
    text = MOT.replace("      name: 'Training code'", "      name: 5").replace(
        "'2025-05-22'", "'May 2025'"
    )
    assert mot_errors(text) == [
        'Example-7B.yml: line 8: release → date: expected a date YYYY-MM-DD, got "May 2025"',
        "Example-7B.yml: line 19: release → components → [1] → name: expected a string, got 5",
    ]


def test_it_refuses_a_record_of_another_framework_or_without_a_release() -> None:
    assert mot_errors("framework:\n  name: Other\nrelease: 3\n") == [
        'Example-7B.yml: line 2: framework → name: expected "Model Openness Framework"',
        "Example-7B.yml: line 3: release: expected a mapping, got a number",
    ]
    assert mot_errors("- a list\n") == [
        "Example-7B.yml: expected a mapping with framework and release"
    ]


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_it_never_crashes_on_any_text(text: str) -> None:
    result = outcome(parse_mot, text)
    if isinstance(result, list):
        assert all(error.startswith("p.json: ") for error in result)


@settings(max_examples=200)
@given(st.sampled_from(MOT.splitlines()), st.text(max_size=20))
def test_it_never_crashes_on_a_record_with_a_line_replaced(line: str, replacement: str) -> None:
    result = outcome(parse_mot, MOT.replace(line, replacement, 1))
    if isinstance(result, list):
        assert all(error.startswith("p.json: ") for error in result)
