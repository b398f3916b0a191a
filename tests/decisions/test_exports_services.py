"""The PDF export as a background job: the row is the job, enqueued after commit, claimed
once, stored whole or not at all, swept when the broker or a worker let it down; an accepted
record's PDF is made once and served again, a draft's never."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from decisions import tasks
from decisions.exports import pdf as pdf_module
from decisions.exports.record import exported_record
from decisions.models import Decision, PdfExport
from decisions.services import exports
from tests.decisions.exports_fixtures import (
    broker_down_fixture,  # noqa: F401
    pdf_text,
    published_fixture,  # noqa: F401
    record_fixture,  # noqa: F401
    support_fixture,  # noqa: F401
)

Status = PdfExport.Status
# In words: the exception's name is for the log, not for the page.
NOT_REACHABLE = "The task queue is not reachable right now."


@pytest.fixture
def fake_render(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str]]:
    """WeasyPrint and Chromium left out: a tiny "PDF" and one chart, with what was asked."""
    calls: list[tuple[int, str]] = []

    def render(*, decision: Decision, paper: str, progress: Any = None) -> exports.RenderedPdf:
        calls.append((decision.pk, paper))
        return exports.RenderedPdf(
            exported_record(decision), f"%PDF-{paper}".encode(), {"robustness": "<svg/>"}, ""
        )

    monkeypatch.setattr(exports, "pdf_render", render)
    return calls


@pytest.fixture
def queued(
    support: Decision,
    editor: User,
    published: list[tuple[str, tuple[Any, ...]]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> PdfExport:
    """The editor's PDF of the support chat, queued and enqueued."""
    return start(support, editor, django_capture_on_commit_callbacks)


def start(
    decision: Decision, user: User, capture: Callable[..., Any], paper: str = "a4"
) -> PdfExport:
    with capture(execute=True):
        export = exports.pdf_export_start(decision=decision, user=user, paper=paper)
    return PdfExport.objects.get(pk=export.pk)


# --- starting ---------------------------------------------------------------------------------
def test_it_stores_a_queued_row_and_enqueues_it_once_the_transaction_commits(
    support: Decision,
    editor: User,
    published: list[tuple[str, tuple[Any, ...]]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        export = exports.pdf_export_start(decision=support, user=editor, paper="letter")
    assert published == []
    assert (export.status, export.paper, export.created_by, export.size) == (
        Status.QUEUED,
        "letter",
        editor,
        0,
    )
    callbacks[0]()
    export.refresh_from_db()
    assert published == [(exports.EXPORT_PDF_TASK, (export.pk,))]
    assert export.enqueued_at is not None
    assert len(export.task_id) == 36


def test_asking_twice_while_it_is_made_follows_the_same_export(
    support: Decision,
    editor: User,
    approver: User,
    published: list[tuple[str, tuple[Any, ...]]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    first = start(support, editor, django_capture_on_commit_callbacks)
    again = start(support, editor, django_capture_on_commit_callbacks)
    other_paper = start(support, editor, django_capture_on_commit_callbacks, "letter")
    someone_else = start(support, approver, django_capture_on_commit_callbacks)
    assert again.pk == first.pk
    assert len({first.pk, other_paper.pk, someone_else.pk}) == 3
    assert len(published) == 3


def test_when_the_broker_is_down_the_export_stays_queued_and_says_why(
    support: Decision,
    editor: User,
    broker_down: None,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    export = start(support, editor, django_capture_on_commit_callbacks)
    assert (export.status, export.enqueue_error) == (Status.QUEUED, NOT_REACHABLE)
    assert export.content is None


# --- making it --------------------------------------------------------------------------------
def test_it_makes_a_draft_s_pdf_for_the_one_who_asked_and_never_reuses_it(
    queued: PdfExport,
    support: Decision,
    editor: User,
    fake_render: list[tuple[int, str]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    export = queued
    assert exports.pdf_export_execute(export_id=export.pk, task_id=export.task_id) == "succeeded"
    export.refresh_from_db()
    assert export.status == Status.SUCCEEDED
    assert bytes(export.content or b"") == b"%PDF-a4"
    assert export.size == 7
    assert (
        export.content_hash
        == exports.RenderedPdf(exported_record(support), b"%PDF-a4", {}, "").content_hash
    )
    assert (export.record_hash, export.record_status, export.charts) == ("", "", None)
    assert export.progress == 1.0
    assert export.attempts == 1
    assert exports.stored_pdf(decision=support, paper="a4") is None
    assert start(support, editor, django_capture_on_commit_callbacks).pk != export.pk


def test_an_accepted_record_s_pdf_is_made_once_and_served_again(
    record: Decision,
    editor: User,
    approver: User,
    published: list[tuple[str, tuple[Any, ...]]],
    fake_render: list[tuple[int, str]],
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    export = start(record, editor, django_capture_on_commit_callbacks)
    exports.pdf_export_execute(export_id=export.pk, task_id=export.task_id)
    export.refresh_from_db()
    assert export.record_hash == record.snapshot.content_hash
    assert export.record_status == "accepted"
    assert export.charts == {"robustness": "<svg/>"}

    assert start(record, approver, django_capture_on_commit_callbacks).pk == export.pk
    assert exports.pdf_export(decision=record, paper="a4") == b"%PDF-a4"
    assert fake_render == [(record.pk, "a4")]
    assert len(published) == 1
    # Deprecated, it is printed again: the status on every page changes.
    Decision.objects.filter(pk=record.pk).update(status=Decision.Status.DEPRECATED)
    deprecated = Decision.objects.get(pk=record.pk)
    assert exports.stored_pdf(decision=deprecated, paper="a4") is None


def test_a_frozen_record_s_pdf_without_its_charts_is_not_served_again(
    record: Decision, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "none"))
    exports.pdf_export(decision=record, paper="a4")
    assert PdfExport.objects.count() == 0  # once Chromium is back, the next one has charts


def test_a_failure_stores_the_reason_and_no_pdf(
    support: Decision,
    editor: User,
    published: list[tuple[str, tuple[Any, ...]]],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    def broken(html: str, svgs: Any) -> bytes:
        raise ValueError("no font for this page")

    monkeypatch.setattr(pdf_module, "html_to_pdf", broken)
    monkeypatch.setattr(exports, "chart_svgs", lambda figures: {})
    export = start(support, editor, django_capture_on_commit_callbacks)
    assert exports.pdf_export_execute(export_id=export.pk, task_id=export.task_id) == "failed"
    export.refresh_from_db()
    assert export.status == Status.FAILED
    assert export.error == "The PDF could not be laid out (no font for this page)."
    assert (export.content, export.size, export.content_hash) == (None, 0, "")
    assert export.finished_at is not None


def test_a_finished_export_or_one_another_worker_is_making_is_left_alone(
    queued: PdfExport,
    support: Decision,
    fake_render: list[tuple[int, str]],
) -> None:
    export = queued
    PdfExport.objects.filter(pk=export.pk).update(
        status=Status.RUNNING, task_id="other", heartbeat_at=timezone.now()
    )
    assert exports.pdf_export_execute(export_id=export.pk, task_id="mine") == "skipped"
    # The same message redelivered after its worker died takes over.
    assert exports.pdf_export_execute(export_id=export.pk, task_id="other") == "succeeded"
    assert exports.pdf_export_execute(export_id=export.pk, task_id="other") == "skipped"
    assert fake_render == [(support.pk, "a4")]


def test_a_redelivered_export_that_has_had_its_attempts_is_given_up_not_made_again(
    queued: PdfExport, fake_render: list[tuple[int, str]]
) -> None:
    # An export that kills its worker each time: the broker redelivers the same message,
    # heartbeat fresh; the attempts stop it there, as the sweep does for a stale one.
    PdfExport.objects.filter(pk=queued.pk).update(
        status=Status.RUNNING, task_id="task-1", heartbeat_at=timezone.now(), attempts=3
    )
    assert exports.pdf_export_execute(export_id=queued.pk, task_id="task-1") == "given_up"
    done = PdfExport.objects.get(pk=queued.pk)
    assert (done.status, done.attempts, done.content) == (Status.FAILED, 3, None)
    assert done.error == (
        "The worker making this PDF stopped 3 times. Ask an administrator to check the workers."
    )
    assert fake_render == []


def test_the_task_makes_the_pdf(
    queued: PdfExport,
    fake_render: list[tuple[int, str]],
) -> None:
    result = tasks.export_pdf_task.apply(args=[queued.pk], task_id=queued.task_id)
    assert result.get() == "succeeded"


# --- the sweep --------------------------------------------------------------------------------
def test_the_sweep_enqueues_again_what_the_broker_or_a_dead_worker_left(
    support: Decision, editor: User, published: list[tuple[str, tuple[Any, ...]]]
) -> None:
    long_ago = timezone.now() - timedelta(minutes=10)
    waiting = PdfExport.objects.create(decision=support, created_by=editor)
    refused = PdfExport.objects.create(
        decision=support, created_by=editor, enqueued_at=timezone.now(), enqueue_error="x"
    )
    fresh = PdfExport.objects.create(
        decision=support, created_by=editor, enqueued_at=timezone.now()
    )
    stuck = PdfExport.objects.create(
        decision=support, status=Status.RUNNING, heartbeat_at=long_ago, attempts=1
    )
    hopeless = PdfExport.objects.create(
        decision=support, status=Status.RUNNING, heartbeat_at=long_ago, attempts=3
    )
    old_draft = PdfExport.objects.create(
        decision=support,
        status=Status.SUCCEEDED,
        content=b"%PDF",
        size=4,
        finished_at=timezone.now() - timedelta(days=2),
    )
    assert exports.pdf_exports_sweep() == {
        "revived": 1,
        "given_up": 1,
        "enqueued": 3,
        "failed": 0,
        "dropped": 1,
    }
    assert sorted(args[0] for _, args in published) == sorted([waiting.pk, refused.pk, stuck.pk])
    assert PdfExport.objects.get(pk=fresh.pk).task_id == ""
    assert PdfExport.objects.get(pk=hopeless.pk).error.startswith("The worker making this PDF")
    dropped = PdfExport.objects.get(pk=old_draft.pk)
    assert (dropped.content, dropped.size, dropped.is_ready) == (None, 0, False)


def test_the_sweep_stops_at_the_first_refusal_of_the_broker(
    support: Decision, broker_down: None
) -> None:
    for _ in range(3):
        PdfExport.objects.create(decision=support)
    assert exports.pdf_exports_sweep()["failed"] == 1
    errors = sorted(PdfExport.objects.values_list("enqueue_error", flat=True))
    assert errors == ["", "", NOT_REACHABLE]


def test_celery_beat_runs_the_sweep() -> None:
    from config.celery import app

    assert app.conf.beat_schedule["sweep-exports"] == {
        "task": "decisions.tasks.sweep_exports_task",
        "schedule": 15.0,
    }
    assert tasks.sweep_exports_task.name == "decisions.tasks.sweep_exports_task"


# --- for real ---------------------------------------------------------------------------------
def test_the_command_line_path_makes_a_real_pdf_of_a_frozen_record(record: Decision) -> None:
    content = exports.pdf_export(decision=record, paper="a4")
    assert "Website support assistant" in pdf_text(content)
    assert exports.pdf_export(decision=record, paper="a4") == content
