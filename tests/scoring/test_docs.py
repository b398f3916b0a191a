"""docs/scoring-model.md shows the rules table the code runs, for every question of the bank."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from scoring.docs import (
    END_MARKER,
    START_MARKER,
    condition_markdown,
    cost_model_line,
    effect_markdown,
    rules_markdown,
    split_document,
    with_rules,
)
from scoring.questions import QUESTIONS
from scoring.rules import (
    COST_MODEL_QUESTIONS,
    FIT_RULES,
    KNOCKOUT_RULES,
    KO,
    AllOf,
    AnyOf,
    Effect,
    Includes,
    InRange,
    Is,
    IsEmpty,
    Not,
)

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "scoring-model.md"


def test_it_has_the_generated_rules_table_in_the_doc() -> None:
    _, section, _ = split_document(DOC.read_text(encoding="utf-8"))

    # If this fails, run `python -m scoring.docs` and commit the result.
    assert section == rules_markdown()


def test_it_covers_every_question_of_the_bank() -> None:
    table = rules_markdown()
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    cost_line = cost_model_line()

    assert cost_line in table
    for question in QUESTIONS:
        in_rows = any(f"`{question.id}`" in row for row in rows)
        in_cost_line = f"`{question.id}`" in cost_line
        assert in_rows or in_cost_line, question.id
    for question_id in COST_MODEL_QUESTIONS:
        assert f"`{question_id}`" in cost_line


def test_it_renders_one_row_per_rule_in_table_order() -> None:
    rows = [line for line in rules_markdown().splitlines() if line.startswith("| `")]

    assert len(rows) == len(FIT_RULES) + len(KNOCKOUT_RULES)
    assert [row.split(" | ")[0] for row in rows] == [
        f"| `{rule.id}`" for rule in [*FIT_RULES, *KNOCKOUT_RULES]
    ]


def test_it_renders_a_fit_rule_row_with_its_effects_and_reason() -> None:
    assert (
        "| `residency-own-infrastructure` | `residency` is `own_infrastructure` | 1.0 | KO | 0.9 "
        "| The data may not leave our servers, so a vendor API cannot process it; a hybrid "
        "keeps that traffic on its self-hosted half. |"
    ) in rules_markdown().splitlines()


def test_it_renders_a_knock_out_rule_row() -> None:
    assert any(
        line.startswith(
            "| `hybrid-no-vendor-traffic` | hybrid | (`residency` is `own_infrastructure` or "
            "`vendor_terms_ok` is `no`) and `data_classes` includes none of `public`, "
            "`internal` | A hybrid needs traffic"
        )
        for line in rules_markdown().splitlines()
    )


def test_it_groups_the_rules_by_criterion_then_question() -> None:
    headings = [line for line in rules_markdown().splitlines() if line.startswith("#")]

    assert headings[0] == "### `sensitivity` — Data sensitivity"
    assert headings[1].startswith("#### `data_classes` — ")
    assert [h for h in headings if h.startswith("### ")] == [
        "### `sensitivity` — Data sensitivity",
        "### `latency` — Latency and availability",
        "### `customization` — Customization depth",
        "### `risk` — Risk tolerance",
        "### Knock-outs over several answers",
        "### Cost model",
    ]


@pytest.mark.parametrize(
    ("effect", "text"), [(KO, "KO"), (1.0, "1.0"), (0.85, "0.85"), (0.0, "0.0"), (0.125, "0.125")]
)
def test_it_shows_each_effect_exactly(effect: Effect, text: str) -> None:
    assert effect_markdown(effect) == text


def test_it_renders_each_kind_of_condition() -> None:
    assert condition_markdown(Is("offline", "always")) == "`offline` is `always`"
    assert condition_markdown(Includes("regulations", "gdpr")) == "`regulations` includes `gdpr`"
    assert condition_markdown(IsEmpty("regulations")) == "`regulations` is empty"
    assert condition_markdown(InRange("p95_latency_ms", 300, 1000)) == (
        "300 ≤ `p95_latency_ms` < 1,000"
    )
    assert condition_markdown(InRange("p95_latency_ms", 5000)) == "`p95_latency_ms` ≥ 5,000"
    assert condition_markdown(Not(Is("offline", "never"))) == "not `offline` is `never`"
    assert (
        condition_markdown(
            AllOf((Is("offline", "always"), AnyOf((Is("ml_team", "none"), Is("ml_team", "small")))))
        )
        == "`offline` is `always` and (`ml_team` is `none` or `ml_team` is `small`)"
    )


def test_it_replaces_only_the_section_between_the_markers() -> None:
    document = f"# Title\n\nprose\n\n{START_MARKER}\nstale table\n{END_MARKER}\n\nmore prose\n"

    updated = with_rules(document)

    assert updated == (
        f"# Title\n\nprose\n\n{START_MARKER}\n{rules_markdown()}{END_MARKER}\n\nmore prose\n"
    )
    assert with_rules(updated) == updated


def test_it_refuses_a_document_without_the_markers() -> None:
    with pytest.raises(ValueError, match="rules:start"):
        split_document("# Title\n\nno table here\n")


def test_it_rewrites_the_section_when_run_as_a_module(tmp_path: Path) -> None:
    target = tmp_path / "scoring-model.md"
    target.write_text(f"intro\n{START_MARKER}\nold\n{END_MARKER}\noutro\n", encoding="utf-8")

    completed = subprocess.run(
        [sys.executable, "-m", "scoring.docs", str(target)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    assert "updated" in completed.stdout
    assert target.read_text(encoding="utf-8") == (
        f"intro\n{START_MARKER}\n{rules_markdown()}{END_MARKER}\noutro\n"
    )
