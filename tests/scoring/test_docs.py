"""docs/scoring-model.md shows the rules tables the code runs (model v2's requirements and fit
table, and v1's table in an appendix), for every question of the bank."""

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
    current_rules_markdown,
    effect_markdown,
    end_marker,
    requirement_markdown,
    rules_markdown,
    split_document,
    start_marker,
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
from scoring.v2 import rules as v2

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "scoring-model.md"


def test_it_has_the_generated_rules_tables_in_the_doc() -> None:
    document = DOC.read_text(encoding="utf-8")

    # If this fails, run `python -m scoring.docs` and commit the result.
    assert split_document(document)[1] == current_rules_markdown()
    assert split_document(document, "rules-v1")[1] == rules_markdown()


@pytest.mark.parametrize("table", [current_rules_markdown(), rules_markdown()], ids=["v2", "v1"])
def test_it_covers_every_question_of_the_bank(table: str) -> None:
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    cost_line = cost_model_line()

    assert cost_line in table
    for question in QUESTIONS:
        in_rows = any(f"`{question.id}`" in row for row in rows)
        in_cost_line = f"`{question.id}`" in cost_line
        assert in_rows or in_cost_line, question.id
    for question_id in COST_MODEL_QUESTIONS:
        assert f"`{question_id}`" in cost_line


def test_it_renders_every_requirement_then_v2_s_fit_table() -> None:
    lines = current_rules_markdown().splitlines()
    headings = [line for line in lines if line.startswith("#### `") and " — `" in line]
    rows = [line for line in lines if line.startswith("| `")]

    assert headings[: len(v2.REQUIREMENTS)] == [
        f"#### `{r.id}` — {condition_markdown(r.condition)}" for r in v2.REQUIREMENTS
    ]
    assert [row.split(" | ")[0] for row in rows] == [f"| `{rule.id}`" for rule in v2.FIT_RULES]
    assert (
        "| `inspectability-required` | `inspectability` is `required` | 1.0 | KO | 0.6 | Only "
        "open weights can be inspected and audited; a hybrid can audit its self-hosted half "
        "only. |"
    ) in lines
    assert "### Knock-outs over several answers" not in lines


def test_it_renders_a_requirement_with_each_option_s_standing() -> None:
    requirement = next(r for r in v2.REQUIREMENTS if r.id == "residency-own-infrastructure")

    lines = requirement_markdown(requirement)

    assert lines[0] == "#### `residency-own-infrastructure` — `residency` is `own_infrastructure`"
    assert lines[2].startswith("The data may not leave our own infrastructure. *Why it is a ")
    assert lines[6:9] == [
        "| open | meets it | Self-hosting processes all of the data on our own infrastructure. |",
        "| closed | **cannot** (knocked out) | A vendor API processes the data on the vendor's "
        "servers. |",
        "| hybrid | meets it in part | A hybrid keeps the data that may not leave on its "
        "self-hosted half and sends only public or internal data to its vendor half. **Knocked "
        "out after all** when `data_classes` includes none of `public`, `internal`: With no "
        "public or internal data, the vendor half of a hybrid would have no traffic it may "
        "take: it would be the self-hosted option with an idle vendor contract. |",
    ]


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


def test_it_replaces_only_the_sections_between_the_markers() -> None:
    v1_start, v1_end = start_marker("rules-v1"), end_marker("rules-v1")
    document = (
        f"# Title\n\nprose\n\n{START_MARKER}\nstale table\n{END_MARKER}\n\nmore prose\n"
        f"{v1_start}\nold\n{v1_end}\n"
    )

    updated = with_rules(document)

    assert updated == (
        f"# Title\n\nprose\n\n{START_MARKER}\n{current_rules_markdown()}{END_MARKER}\n\n"
        f"more prose\n{v1_start}\n{rules_markdown()}{v1_end}\n"
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
        f"intro\n{START_MARKER}\n{current_rules_markdown()}{END_MARKER}\noutro\n"
    )
