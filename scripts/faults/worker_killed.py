"""Faults: a worker's pool process killed mid-run (the message is redelivered and the run
finishes, the page saying it started again); a run that kills its worker every time (given
up after three attempts, with a sentence); the whole worker killed (the sweep hands the run
to a new worker once its heartbeat is stale, and it finishes).

    .venv/bin/python scripts/faults/worker_killed.py

Runs its own openweigh (stack.py: Redis as the broker, a Celery worker with one pool process,
beat for the sweep) and prints what happened, one line per check. The last case waits for
the stale heartbeat (60 s) and the next sweep (every 15 s): about 1½ minutes.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from collections.abc import Callable

from stack import (
    App,
    Browser,
    heading,
    new_decision,
    report,
    signed_in_editor,
    simulation_panel,
    stack,
    start_simulation,
    wait_until,
)

BIG = {"trials": 1_000_000, "horizon": 120}  # long enough to be caught running (seconds)


def running_attempt(browser: Browser, url: str, attempt: int) -> bool:
    panel = simulation_panel(browser, url)
    if heading(panel) != "Running":
        return False
    shown = re.search(r"\(attempt (\d+)\)", panel)
    return (int(shown[1]) if shown else 1) == attempt


def running(browser: Browser, url: str, attempt: int) -> Callable[[], bool]:
    return lambda: running_attempt(browser, url, attempt)


def kill_pool_process(app: App, name: str = "worker") -> None:
    wait_until(lambda: len(app.worker_children(name)) == 1, timeout=30, what="the pool process")
    (child,) = app.worker_children(name)
    os.kill(child, signal.SIGKILL)


def main() -> int:
    checks: list[tuple[str, bool]] = []
    with stack(worker=False) as (app, _, _):
        app.start_worker(concurrency=1)
        app.start_beat()
        browser = signed_in_editor(app)
        pk = new_decision(browser)

        # 1. The pool process killed once, mid-run.
        url = start_simulation(browser, pk, **BIG).headers["location"]
        wait_until(lambda: running_attempt(browser, url, 1), timeout=60, what="the run")
        kill_pool_process(app)
        saw_restart = False
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            panel = simulation_panel(browser, url)
            saw_restart |= "Started again from the beginning" in panel
            if heading(panel) in ("Results", "Failed"):
                break
            time.sleep(0.3)
        print(
            f"pool process killed mid-run: {heading(panel)}; the page said it restarted: "
            f"{saw_restart}"
        )
        checks += [
            (
                "a pool process killed mid-run: the message is redelivered and the run finishes",
                heading(panel) == "Results",
            ),
            ("…and while it ran again the page said it had started again", saw_restart),
        ]

        # 2. A run that kills its worker every time, as one running out of memory would.
        url = start_simulation(browser, pk, **BIG).headers["location"]
        for attempt in (1, 2, 3):
            wait_until(running(browser, url, attempt), timeout=60, what=f"attempt {attempt}")
            kill_pool_process(app)
        wait_until(
            lambda: heading(simulation_panel(browser, url)) in ("Failed", "Results"),
            timeout=60,
            what="the run to be given up",
        )
        panel = simulation_panel(browser, url)
        print(f"killed on every attempt: {panel[:200]!r}")
        checks.append(
            (
                "a run that kills its worker every time: given up after three attempts, saying so",
                heading(panel) == "Failed"
                and "The worker stopped three times while running this simulation" in panel
                and "try fewer trials" in panel,
            )
        )

        # 3. The whole worker killed: nobody requeues the message; the sweep must.
        url = start_simulation(browser, pk, **BIG).headers["location"]
        wait_until(lambda: running_attempt(browser, url, 1), timeout=60, what="the run")
        killed_at = time.monotonic()
        app.kill("worker")
        app.start_worker("worker2", concurrency=1)
        try:
            wait_until(
                lambda: heading(simulation_panel(browser, url)) == "Results",
                timeout=180,
                what="the swept run",
            )
            took = time.monotonic() - killed_at
            print(f"whole worker killed: swept to the new worker and finished {took:.0f} s later")
            checks.append(
                (f"the whole worker killed: swept and finished ({took:.0f} s later)", True)
            )
        except TimeoutError:
            checks.append(("the whole worker killed: swept and finished", False))
            print(app.log("beat")[-2000:], app.log("worker2")[-2000:])
    return report("Workers killed", checks)


if __name__ == "__main__":
    sys.exit(main())
