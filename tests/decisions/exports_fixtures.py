"""Shared by the export tests (imported explicitly by them): records to export, hostile text,
and ways to read what comes out (PDF text and pages, Markdown front matter)."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.contrib.auth.models import User
from django.utils import timezone
from kombu.exceptions import OperationalError
from pypdf import PdfReader

from decisions import demo, queue
from decisions.exports.charts import ChartsUnavailable, browser_path
from decisions.models import Decision, Organization, TcoSimulation
from decisions.services.evaluations import decision_evaluate, tco_fingerprint
from scoring.tco import default_inputs, simulate
from tests.conftest import require
from tests.decisions.conftest import accepted

# What a hostile member might type: front matter and headings, a script link, HTML, YAML
# specials, line breaks, Markdown emphasis, tables and math.
HOSTILE = (
    "---\nstatus: accepted\n# Owned [click](javascript:alert(1)) <script>alert(1)</script> "
    "<img src=http://127.0.0.1:9/x.png> &amp; `code` *bold* | a | $x$ {b} ~~c~~"
)
HOSTILE_NAMES = [
    "- evil",
    '"quoted"',
    "key: value",
    "!!python/object/apply:os.system ['id']",
    "\n---\nstatus: accepted",
    "&anchor *alias",
    "'single' # comment",
    "[link](javascript:alert(1))",
]


def needs_chromium() -> None:
    try:
        browser_path()
    except ChartsUnavailable as missing:
        require(False, f"the charts need Chromium: {missing}")


def needs_pdftoppm() -> None:
    require(shutil.which("pdftoppm") is not None, "pdftoppm is not installed (poppler-utils)")


def with_simulation(decision: Decision) -> TcoSimulation:
    """A finished cost simulation on the decision's current answers: its cost basis."""
    inputs, _ = default_inputs(decision.answers)
    finished = timezone.now() - timedelta(minutes=1)
    return TcoSimulation.objects.create(
        decision=decision,
        number=decision.simulations.count() + 1,
        created_by=decision.owner,
        trials=500,
        seed=7,
        inputs=inputs.to_json(),
        answers_fingerprint=tco_fingerprint(decision),
        status=TcoSimulation.Status.SUCCEEDED,
        progress=1.0,
        summary=simulate(inputs, trials=500, seed=7).to_json(),
        attempts=1,
        started_at=finished - timedelta(seconds=1),
        heartbeat_at=finished,
        finished_at=finished,
    )


@pytest.fixture(name="support")
def support_fixture(org: Organization, editor: User) -> Decision:
    """The website's support chat: closed and hybrid feasible, open knocked out; a complete
    draft whose record may be submitted."""
    decision = Decision.objects.create(
        organization=org,
        owner=editor,
        title="Website support assistant",
        use_case="Answer customers' questions from our published help pages.",
        answers=dict(demo.SUPPORT_CHAT),
        rationale="Public data and a small team: a vendor API answers best for least.",
        decision_makers=["Erin Editor", "April Approver"],
    )
    decision.chosen_option = decision_evaluate(decision=decision).result.recommendation or ""
    decision.save()
    return decision


@pytest.fixture(name="record")
def record_fixture(support: Decision, editor: User, approver: User) -> Decision:
    """The support chat, simulated and accepted: a frozen record with every chart."""
    with_simulation(support)
    return accepted(support, editor, approver)


@pytest.fixture(name="hostile")
def hostile_fixture(support: Decision) -> Decision:
    """A complete draft whose every text field is hostile."""
    Decision.objects.filter(pk=support.pk).update(
        title=HOSTILE[:200],
        use_case=HOSTILE,
        team=HOSTILE[:120],
        context=HOSTILE,
        drivers=HOSTILE,
        rationale=HOSTILE,
        consequences=HOSTILE,
        dissent=HOSTILE,
        choice_justification=HOSTILE,
        decision_makers=HOSTILE_NAMES,
        consulted=[HOSTILE],
        informed=["€ ünïcødé \u2028 line separator", "tab\there"],
        option_notes={o: {"pros": HOSTILE, "cons": HOSTILE} for o in ("open", "closed", "hybrid")},
    )
    support.refresh_from_db()
    return support


@pytest.fixture(name="published")
def published_fixture(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, tuple[Any, ...]]]:
    """Every task message the code publishes, instead of publishing it."""
    calls: list[tuple[str, tuple[Any, ...]]] = []

    def publish(task_name: str, *args: Any, task_id: str) -> None:
        calls.append((task_name, args))

    monkeypatch.setattr(queue, "publish", publish)
    return calls


@pytest.fixture(name="broker_down")
def broker_down_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    """A broker that refuses every message, as kombu reports it."""

    def publish(task_name: str, *args: Any, task_id: str) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(queue, "publish", publish)


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page, as a reader extracts it."""
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def pdf_text(content: bytes) -> str:
    """All the text, with line breaks and runs of spaces made single spaces."""
    return " ".join(" ".join(pdf_pages(content)).split())


def page_png(content: bytes, folder: Path, page: int = 1) -> Path:
    """One page rendered to PNG by poppler, as a person would see it."""
    pdf = folder / "record.pdf"
    pdf.write_bytes(content)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "40",
            "-f",
            str(page),
            "-l",
            str(page),
            str(pdf),
            str(folder / "p"),
        ],
        check=True,
        timeout=60,
    )
    (png,) = folder.glob("p-*.png")
    return png


def front_matter(markdown: str) -> dict[str, Any]:
    """The YAML between the first two lines that are exactly ``---``."""
    lines = markdown.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    parsed = yaml.safe_load("\n".join(lines[1:end]))
    assert isinstance(parsed, dict)
    return parsed
