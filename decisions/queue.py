"""Publishing background tasks by name: services enqueue work without importing the tasks
module, whose tasks call those services."""

from __future__ import annotations

from celery import current_app

RUN_TCO_SIMULATION = "decisions.tasks.run_tco_simulation_task"


def publish(task_name: str, *args: object, task_id: str) -> None:
    """Send one task message; raises what kombu raises when the broker is unreachable."""
    current_app.send_task(task_name, args=args, task_id=task_id)
