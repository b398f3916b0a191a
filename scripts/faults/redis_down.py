"""Fault: Redis (the broker) stopped, then hung — pages keep working, a new simulation says in
words that it is queued and will start by itself, and it does once Redis is back.

    .venv/bin/python scripts/faults/redis_down.py

Runs its own openweigh (stack.py: private PostgreSQL and Redis, gunicorn, a Celery worker
and beat) and prints what happened, one line per check.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from stack import (
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

NOT_REACHABLE = "The task queue is not reachable right now."


def timed[T](call: Callable[[], T]) -> tuple[T, float]:
    start = time.monotonic()
    result = call()
    return result, time.monotonic() - start


def finished(browser: Browser, url: str) -> Callable[[], bool]:
    return lambda: heading(simulation_panel(browser, url)) == "Results"


def main() -> int:
    checks: list[tuple[str, bool]] = []
    with stack() as (app, _, redis):
        app.start_beat()
        browser = signed_in_editor(app)
        pk = new_decision(browser)

        for fault, break_it, mend_it in (
            ("stopped", redis.stop, redis.start),
            ("hung (SIGSTOP: connections accepted, never answered)", redis.hang, redis.resume),
        ):
            break_it()
            pages, page_s = timed(
                lambda: [
                    browser.get(p).status
                    for p in ("/", f"/decisions/{pk}/results/", f"/decisions/{pk}/tco/")
                ]
            )
            started, start_s = timed(lambda: start_simulation(browser, pk, trials=2_000))
            url = started.headers.get("location", "")
            panel = simulation_panel(browser, url) if url else ""
            print(
                f"Redis {fault}: pages {pages} in {page_s:.2f} s; start answered "
                f"{started.status} in {start_s:.2f} s; the page says: {panel[:160]!r}"
            )
            checks += [
                (f"Redis {fault}: the pages answer 200", pages == [200, 200, 200]),
                (
                    f"Redis {fault}: starting a simulation answers within 3 s ({start_s:.2f} s)",
                    started.status == 302 and start_s < 3,
                ),
                (
                    f"Redis {fault}: the simulation page says the queue is not reachable, in words",
                    NOT_REACHABLE in panel
                    and "will start by itself" in panel
                    and "Error" not in panel,
                ),
            ]
            mend_it()
            back = time.monotonic()
            try:
                wait_until(
                    finished(browser, url),
                    timeout=90,
                    what="the queued simulation to finish",
                )
                took = time.monotonic() - back
                print(f"Redis back: the simulation finished {took:.0f} s later by itself")
                checks.append(
                    (
                        f"Redis back after being {fault.split()[0]}: the simulation "
                        f"finished by itself ({took:.0f} s)",
                        True,
                    )
                )
            except TimeoutError:
                checks.append(
                    (
                        f"Redis back after being {fault.split()[0]}: the simulation "
                        "finished by itself",
                        False,
                    )
                )
                print(app.log("worker")[-2000:], app.log("beat")[-1000:])
    return report("Redis stopped and hung", checks)


if __name__ == "__main__":
    sys.exit(main())
