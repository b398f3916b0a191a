"""Celery tasks: thin, idempotent, loading their object by id and calling a service."""

from __future__ import annotations

from typing import Any

from celery import current_app, shared_task

# A worker's main process imports WeasyPrint (over a second) before it forks its pool, so
# that no PDF export pays for it.
from decisions.exports import pdf  # noqa: F401
from decisions.services import exports, records, simulations


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def run_tco_simulation_task(self: Any, simulation_id: int) -> str:
    return simulations.simulation_execute(simulation_id=simulation_id, task_id=self.request.id)


@shared_task
def sweep_simulations_task() -> dict[str, int]:
    return simulations.simulations_sweep()


@shared_task
def review_records_task() -> dict[str, int]:
    return records.records_review()


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def export_pdf_task(self: Any, export_id: int) -> str:
    return exports.pdf_export_execute(export_id=export_id, task_id=self.request.id)


@shared_task
def sweep_exports_task() -> dict[str, int]:
    return exports.pdf_exports_sweep()


# Enqueue again the PDF exports the broker or a dead worker left behind, as the simulations'
# sweep does (config/settings.py's CELERY_BEAT_SCHEDULE holds the others).
current_app.conf.beat_schedule.setdefault(
    "sweep-exports", {"task": "decisions.tasks.sweep_exports_task", "schedule": 15.0}
)
