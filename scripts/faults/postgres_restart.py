"""Fault: PostgreSQL restarted under load — requests during the restart fail cleanly (503
with a sentence, never a traceback page), and the app recovers by itself, without being
restarted, once the database is back (CONN_HEALTH_CHECKS).

    .venv/bin/python scripts/faults/postgres_restart.py

Runs its own openweigh (stack.py) and eight signed-in users reading pages without pause for
30 s; PostgreSQL is restarted ("pg_ctl restart -m fast") 8 s in. Prints what each request got,
in order, and one line per check.
"""

from __future__ import annotations

import sys
import threading
import time

from stack import (
    heading,
    new_decision,
    report,
    signed_in_editor,
    simulation_panel,
    stack,
    start_simulation,
    wait_until,
)

USERS = 8
DURATION_S = 30.0
RESTART_AT_S = 8.0
SENTENCE = "openweigh cannot reach its database right now"


def main() -> int:
    with stack() as (app, postgres, _):
        editor = signed_in_editor(app)
        pk = new_decision(editor)
        pages = ["/", f"/decisions/{pk}/", f"/decisions/{pk}/results/", f"/decisions/{pk}/tco/"]
        outcomes: list[tuple[float, str]] = []  # (seconds since start, what came back)
        lock = threading.Lock()
        start = time.monotonic()
        stop_at = start + DURATION_S

        def reader(n: int) -> None:
            browser = signed_in_editor(app)
            while time.monotonic() < stop_at:
                page = pages[n % len(pages)]
                n += 1
                try:
                    response = browser.get(page)
                    if response.status == 503 and SENTENCE in response.text:
                        what = "503 with the sentence"
                    elif response.status >= 500:
                        what = f"{response.status} without it"
                    else:
                        what = str(response.status)
                except Exception as error:
                    what = f"connection failed ({type(error).__name__})"
                with lock:
                    outcomes.append((time.monotonic() - start, what))
                time.sleep(0.05)
            browser.close()

        threads = [threading.Thread(target=reader, args=(n,)) for n in range(USERS)]
        for thread in threads:
            thread.start()
        time.sleep(RESTART_AT_S)
        restart_began = time.monotonic() - start
        postgres.restart()
        restart_ended = time.monotonic() - start
        for thread in threads:
            thread.join(timeout=DURATION_S + 60)

        # The worker recovers too: a simulation started now finishes.
        started = start_simulation(editor, pk, trials=2_000)
        url = started.headers.get("location", "")
        try:
            wait_until(
                lambda: heading(simulation_panel(editor, url)) == "Results",
                timeout=60,
                what="a simulation after the restart",
            )
            simulated = True
        except TimeoutError:
            simulated = False

    counts: dict[str, int] = {}
    for _, what in outcomes:
        counts[what] = counts.get(what, 0) + 1
    failures = [t for t, what in outcomes if what != "200"]
    after = [what for t, what in outcomes if t > restart_ended + 1.0]
    first_ok_after = next((t for t, what in outcomes if t > restart_ended and what == "200"), None)
    print(
        f"{len(outcomes)} requests by {USERS} users over {DURATION_S:.0f} s; PostgreSQL "
        f"restarted from {restart_began:.1f} s to {restart_ended:.1f} s"
    )
    print("outcomes:", ", ".join(f"{n} × {what}" for what, n in sorted(counts.items())))
    if failures:
        print(f"failed requests between {min(failures):.1f} s and {max(failures):.1f} s")
    if first_ok_after is not None:
        print(f"first 200 after the restart ended: at {first_ok_after:.1f} s")
    unclean = [w for w in counts if w not in ("200", "503 with the sentence")]
    return report(
        "PostgreSQL restarted under load",
        [
            (
                "requests during the restart failed cleanly: 503 with a sentence, nothing else "
                f"({', '.join(unclean) or 'none other'})",
                not unclean,
            ),
            (
                "every request from 1 s after the restart on answered 200 (no app restart)",
                bool(after) and all(what == "200" for what in after),
            ),
            ("a simulation started after the restart finished", simulated),
        ],
    )


if __name__ == "__main__":
    sys.exit(main())
