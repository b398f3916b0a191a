"""Celery tasks: thin, idempotent, loading their object by id and calling a service."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from decisions.services import records, simulations


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True)
def run_tco_simulation_task(self: Any, simulation_id: int) -> str:
    return simulations.simulation_execute(simulation_id=simulation_id, task_id=self.request.id)


@shared_task
def sweep_simulations_task() -> dict[str, int]:
    return simulations.simulations_sweep()


@shared_task
def review_records_task() -> dict[str, int]:
    return records.records_review()
