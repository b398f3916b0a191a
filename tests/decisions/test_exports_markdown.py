"""The Markdown export: MADR 4.0 with YAML front matter, named NNNN-title.md, and whatever a
member typed shown as text by any CommonMark reader — never markup, never a link, never a new
front matter key."""

from __future__ import annotations

import datetime
import html
import re

import pytest
import yaml
from django.contrib.auth.models import User
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from decisions.exports.markdown import markdown_block, markdown_inline, yaml_list, yaml_string
from decisions.exports.record import export_basename, exported_record, paper_context
from decisions.models import Decision
from decisions.services import exports, records
from tests.decisions.exports_fixtures import (
    HOSTILE,
    HOSTILE_NAMES,
    front_matter,
    hostile_fixture,  # noqa: F401
    record_fixture,  # noqa: F401
    support_fixture,  # noqa: F401
)

# CommonMark with GitHub's tables and strikethrough and raw HTML allowed: the most a
# repository's reader would make of the file.
RENDERER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
MADR_HEADINGS = [
    "## Context and Problem Statement",
    "## Decision Drivers",
    "## Considered Options",
    "## Decision Outcome",
    "### Consequences",
    "### Confirmation",
    "## Pros and Cons of the Options",
    "## More Information",
]
FRONT_MATTER_KEYS = ["status", "date", "decision-makers", "consulted", "informed"]


def markdown_of(decision: Decision) -> tuple[str, str]:
    return exports.markdown_export(decision=Decision.objects.get(pk=decision.pk))


def text_of(rendered_html: str) -> str:
    """What a reader sees: the tags dropped, entities read."""
    return html.unescape(re.sub(r"<[^>]+>", "", rendered_html))


def test_it_is_named_as_madr_files_are(record: Decision) -> None:
    filename, _ = markdown_of(record)
    assert filename == f"{record.pk:04d}-website-support-assistant.md"
    assert export_basename(7, "Ünïcode & <tags>: a title!") == "0007-unicode-tags-a-title"
    assert export_basename(12, "<<>>") == "0012-decision"
    assert len(export_basename(1, "word " * 60)) <= 65


def test_an_accepted_record_follows_madr_with_its_front_matter(record: Decision) -> None:
    _, text = markdown_of(record)
    assert front_matter(text) == {
        "status": "accepted",
        "date": record.decided_at.date() if record.decided_at else None,
        "decision-makers": ["Erin Editor", "April Approver"],
        "consulted": [],
        "informed": [],
    }
    lines = text.split("\n")
    assert lines[0] == "---"
    assert lines[1:6] == [line for line in lines[1:6] if line.split(":")[0] in FRONT_MATTER_KEYS]
    assert "# Website support assistant" in lines
    positions = [lines.index(heading) for heading in MADR_HEADINGS]
    assert positions == sorted(positions)
    assert 'Chosen option: "Closed model via vendor API", because of the rationale below.' in text
    assert f"`{record.snapshot.content_hash}`" in text
    assert "DRAFT" not in text
    for option in ("Open weights, self-hosted", "Closed model via vendor API"):
        assert f"### {option}" in lines
    assert "Score 0.995, rank 1." in text


@pytest.mark.parametrize(
    ("status", "madr"), [("draft", "draft"), ("in_review", "proposed"), ("rejected", "rejected")]
)
def test_a_record_that_is_not_accepted_is_marked_draft(
    support: Decision, editor: User, approver: User, status: str, madr: str
) -> None:
    if status != "draft":
        records.record_submit(decision=support, by=editor)
    if status == "rejected":
        records.record_judge(decision=support, by=approver, approve=False, comment="No.")
    _, text = markdown_of(support)
    assert front_matter(text)["status"] == madr
    assert "**DRAFT — not approved**" in text
    assert "Not accepted: nothing is frozen or hashed yet." in text


def test_a_superseded_record_names_its_successor(
    record: Decision, editor: User, approver: User
) -> None:
    successor = records.record_revisit(decision=record, by=editor)
    successor.chosen_option = "closed"
    successor.rationale = "Still closed."
    successor.save()
    records.record_submit(decision=successor, by=editor)
    records.record_judge(decision=successor, by=approver, approve=True, comment="")
    _, text = markdown_of(record)
    assert front_matter(text)["status"] == f"superseded by ADR-{successor.pk:04d}"


def test_hostile_text_stays_text_in_front_matter_and_body(hostile: Decision) -> None:
    _, text = markdown_of(hostile)
    matter = front_matter(text)
    # The front matter has its five keys and nothing a name could add.
    assert list(matter) == FRONT_MATTER_KEYS
    assert matter["decision-makers"] == HOSTILE_NAMES
    assert matter["consulted"] == [HOSTILE]
    # A line separator is a line break on paper (decisions/exports/record.py, printable).
    assert matter["informed"] == ["€ ünïcødé \n line separator", "tab\there"]
    assert matter["status"] == "draft"

    rendered = RENDERER.render(text.split("\n---\n", 1)[1])
    assert "<script" not in rendered
    assert "<img" not in rendered
    assert "href=" not in rendered  # no link at all: the text has none that is ours
    assert "<code>" not in rendered  # the backticks typed are text
    headings = re.findall(r"<h([1-6])>(.*?)</h\1>", rendered)
    assert [level for level, _ in headings].count("1") == 1
    assert headings[0][1] == html.escape(" ".join(HOSTILE[:200].split()), quote=False)
    assert "<table" not in rendered
    assert "<s>" not in rendered
    assert "<em>" not in rendered
    assert "<hr" not in rendered
    assert "<ol" not in rendered
    assert text_of(rendered).count("[click](javascript:alert(1))") >= 8


# --- the escaping rules, for any text ---------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.text())
def test_inline_text_reads_back_as_written_on_one_line(text: str) -> None:
    rendered = RENDERER.render(f"Before: {markdown_inline(text)}")
    assert set(re.findall(r"</?([a-z0-9]+)", rendered)) == {"p"}
    shown = " ".join(
        re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", " ", text).split()
    )
    assert text_of(rendered).strip() == f"Before: {shown}".strip()


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc", "Zl", "Zp"])))
def test_block_text_is_only_paragraphs_and_line_breaks(text: str) -> None:
    rendered = RENDERER.render(markdown_block(text))
    tags = set(re.findall(r"</?([a-z0-9]+)", rendered))
    assert tags <= {"p", "br"}
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    shown = [" ".join(line.split()) for line in text_of(rendered).split("\n")]
    assert [line for line in shown if line] == [line for line in lines if line]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(), max_size=4), st.text())
def test_front_matter_round_trips_any_names(names: list[str], status: str) -> None:
    document = f"status: {yaml_string(status)}\ndate: 2026-12-01\nnames: {yaml_list(names)}\n"
    assert yaml.safe_load(document) == {
        "status": status,
        "date": datetime.date(2026, 12, 1),
        "names": names,
    }
    assert document.count("\n") == 3  # nothing typed can start a line (or end the matter)


def test_the_yaml_quoting_escapes_what_could_end_the_front_matter() -> None:
    assert yaml_string('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert yaml_string("\u2028\x85\ufeff\x00") == '"\\u2028\\x85\\ufeff\\x00"'
    assert yaml_string("ünï €") == '"ünï €"'
    assert yaml_list(["- a", "b: c"]) == '["- a", "b: c"]'


def test_the_reasons_for_the_chosen_option_are_the_ones_that_favour_it(record: Decision) -> None:

    exported = exported_record(Decision.objects.get(pk=record.pk))
    context = paper_context(exported)
    lead = context["top_reasons_of"]["option"]
    outputs = exported.document["evaluation"]["outputs"]
    impact = {e["text"]: e["impact"] for e in outputs["options"][lead]["explanations"]}
    assert context["top_reasons"]
    assert all(impact[text] > 0 for text in context["top_reasons"])
    assert all(impact[text] < 0 for text in context["top_reasons_against"])
    _, text = markdown_of(record)
    for reason in context["top_reasons_against"]:
        assert text.index("What counts against it:") < text.index(markdown_inline(reason))
