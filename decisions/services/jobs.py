"""A long piece of work kept as a database row: a cost simulation, a PDF export.

The web writes the row (queued) and publishes a task that names it; a worker claims the
row, keeps a heartbeat on it while it works, and writes the outcome. If the broker is down
the row stays queued and the sweep publishes it again; if the worker dies, the message is
redelivered (same task id) or the sweep hands the row on once its heartbeat is stale. Every
claim counts as an attempt, and a row attempted ``max_attempts`` times is failed with a
sentence its reader understands, whichever path brought it back: a job that kills its
worker (out of memory) is not handed on for ever.

Both kinds of row have the same fields for it (``status``, ``task_id``, ``attempts``,
``started_at``, ``heartbeat_at``, ``progress``, ``error``, ``finished_at``,
``enqueued_at``, ``enqueue_error``) and the statuses queued, running and failed.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.db.models import F, Q
from django.utils import timezone

from decisions import queue

QUEUED, RUNNING, FAILED = "queued", "running", "failed"
NOT_REACHABLE = "The task queue is not reachable right now."

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobKind:
    model: Any  # TcoSimulation or PdfExport
    task: str  # the Celery task's name (decisions.queue)
    stale_after: timedelta  # no heartbeat for this long: its worker is gone
    requeue_after: timedelta  # queued this long without starting: publish again
    max_attempts: int
    given_up: str  # why it failed after max_attempts, for its page

    @property
    def name(self) -> str:
        return str(self.model._meta.verbose_name)


def job_enqueue(kind: JobKind, pk: int) -> bool:
    """Publish the task for a queued row. False (the row stays queued, with the reason in
    words; the exception's name goes to the log) when the broker cannot be reached:
    publishing fails fast, and the sweep tries again."""
    task_id = str(uuid.uuid4())
    rows = kind.model.objects.filter(pk=pk)
    # The row names the message that may run it; an older duplicate message is ignored.
    rows.filter(status=QUEUED).update(task_id=task_id, enqueued_at=timezone.now())
    try:
        queue.publish(kind.task, pk, task_id=task_id)
    except Exception as error:  # kombu raises a variety of connection errors
        logger.warning(
            "Could not enqueue %s %s: %s: %s", kind.name, pk, type(error).__name__, error
        )
        rows.update(enqueue_error=NOT_REACHABLE)
        return False
    rows.update(enqueue_error="")
    return True


def job_claim(kind: JobKind, pk: int, task_id: str | None) -> str:
    """Claim a row for this worker: "claimed"; "skipped" when it is finished or another live
    worker has it; "given_up" when it has had its attempts (it is then failed). A
    redelivered message (the same task id) takes over from a worker that died."""
    me = task_id or ""
    now = timezone.now()
    claimable = Q(status=QUEUED) | (
        Q(status=RUNNING) & (Q(task_id=me) | Q(heartbeat_at__lt=now - kind.stale_after))
    )
    rows = kind.model.objects.filter(claimable, pk=pk)
    if rows.filter(attempts__gte=kind.max_attempts).update(
        status=FAILED, finished_at=now, error=kind.given_up
    ):
        logger.warning("%s %s given up after %s attempts", kind.name, pk, kind.max_attempts)
        return "given_up"
    claimed = rows.update(
        status=RUNNING,
        task_id=me,
        started_at=now,
        heartbeat_at=now,
        progress=0.0,
        attempts=F("attempts") + 1,
        error="",
    )
    return "claimed" if claimed else "skipped"


def job_sweep(kind: JobKind, enqueue: Callable[[int], bool]) -> dict[str, int]:
    """Fail the stuck rows that have had their attempts, queue the other stuck ones again,
    and publish every row left queued (broker down, or just revived)."""
    now = timezone.now()
    stuck = kind.model.objects.filter(status=RUNNING, heartbeat_at__lt=now - kind.stale_after)
    given_up = stuck.filter(attempts__gte=kind.max_attempts).update(
        status=FAILED, finished_at=now, error=kind.given_up
    )
    # Cleared enqueued_at: a revived row is published again right away, below.
    revived = stuck.update(status=QUEUED, progress=0.0, enqueued_at=None)
    waiting = kind.model.objects.filter(status=QUEUED).filter(
        Q(enqueued_at__isnull=True)
        | Q(enqueued_at__lt=now - kind.requeue_after)
        | ~Q(enqueue_error="")
    )
    enqueued = failed = 0
    for pk in waiting.values_list("pk", flat=True):
        if enqueue(pk):
            enqueued += 1
        else:
            failed += 1
            break  # the broker is down: the next sweep tries again
    return {"revived": revived, "given_up": given_up, "enqueued": enqueued, "failed": failed}
