"""Load: many people using openweigh at once, through gunicorn, PostgreSQL and Redis.

    .venv/bin/python scripts/load.py                 # 50 users, 60 s (after a 20 s ramp)
    .venv/bin/python scripts/load.py --users 10 --duration 20
    .venv/bin/python scripts/load.py --url http://127.0.0.1:8000 --users 4   # a running one

With no --url it starts its own openweigh on this machine (scripts/faults/stack.py: a
private PostgreSQL and Redis, gunicorn with 2 workers × 4 threads as `make run` starts it, a
Celery worker) with one editor per simulated user, spread over five organisations. The users
arrive one after another over --ramp seconds (signing in costs a third of a CPU-second: the
password hash is slow on purpose, and fifty at once would be a stampede no office makes),
then all of them work for --duration seconds. Each user signs in, then until the time is
up: starts a decision, answers its five steps, opens the results, lists the decisions, opens
the cost model and starts a small simulation (2,000 trials), polling it until it has
finished — with 1–2 s of thinking between requests.

It prints every request's outcome: errors (any status of 400 or more, any failed
connection), p50 / p95 / p99 server-to-client time and throughput — over the whole run, and
for the steady state (requests sent once every user is signed in) — by kind of request, and
how busy the machine was.
Bounded: at most 200 users and 600 s; every request times out after 30 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "faults"))

from stack import CRITERIA, Browser, Inputs, Response, location_id, stack, step_answers, tco_form

SIMULATION_TRIALS = 2_000
POLLS_AT_MOST = 60


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        # kind, status (0: failed), seconds, when it was sent (monotonic)
        self.samples: list[tuple[str, int, float, float]] = []
        self.failures: list[str] = []

    def add(self, kind: str, status: int, seconds: float, detail: str = "") -> None:
        with self.lock:
            self.samples.append((kind, status, seconds, time.monotonic() - seconds))
            if status == 0 or status >= 400:
                self.failures.append(f"{kind}: {status} {detail}"[:300])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def user(base: str, username: str, until: float, seed: int, record: Recorder) -> None:
    rng = random.Random(seed)
    browser = Browser(base)

    def think() -> None:
        time.sleep(min(rng.uniform(1.0, 2.0), max(0.0, until - time.monotonic())))

    def call(
        kind: str,
        method: str,
        path: str,
        data: dict | None = None,
        headers: dict | None = None,
        ok: tuple[int, ...] = (200, 302),
    ) -> Response | None:
        try:
            response = browser.request(method, path, data, headers)
        except Exception as error:  # a failed connection is an error like a 5xx
            record.add(kind, 0, 0.0, repr(error))
            return None
        detail = "" if response.status in ok else response.text[:200]
        record.add(kind, response.status, response.seconds, detail)
        return response

    try:
        call("sign in page", "GET", "/accounts/login/")
        think()
        signed = call(
            "sign in",
            "POST",
            "/accounts/login/",
            {"username": username, "password": "load-test-password-123"},
        )
        while time.monotonic() < until:
            think()
            page = call("new decision page", "GET", "/decisions/new/")
            if page is None:
                continue
            form = Inputs(page.text)
            organization = (form.values.get("organization") or form.options["organization"])[0]
            think()
            created = call(
                "start a decision",
                "POST",
                "/decisions/new/",
                {
                    "title": f"Assistant {rng.randrange(10**6)}",
                    "use_case": "Summarise notes inside the hospital network.",
                    "team": "Platform",
                    "organization": organization,
                },
            )
            if created is None or created.status != 302:
                continue
            pk = location_id(created, "/decisions/")
            for criterion in CRITERIA:
                think()
                call(
                    "answer a step",
                    "POST",
                    f"/decisions/{pk}/questions/{criterion}/",
                    step_answers(criterion),
                )
            think()
            call("results", "GET", f"/decisions/{pk}/results/")
            think()
            call("decision list", "GET", "/")
            think()
            tco = call("cost model", "GET", f"/decisions/{pk}/tco/")
            if tco is None or time.monotonic() >= until:
                continue
            think()
            started = call(
                "start a simulation",
                "POST",
                f"/decisions/{pk}/tco/",
                tco_form(tco.text, SIMULATION_TRIALS),
            )
            if started is None or started.status != 302:
                continue
            run = started.headers["location"]
            for _ in range(POLLS_AT_MOST):
                time.sleep(1.0)  # the page polls every second
                polled = call(
                    "poll the simulation", "GET", run, headers={"HX-Request": "true"}, ok=(200, 286)
                )
                if polled is None or polled.status == 286 or time.monotonic() >= until + 30:
                    break
    finally:
        browser.close()
    del signed


def busy() -> dict[str, float]:
    one, five, _ = os.getloadavg()
    return {"load_1min": round(one, 2), "load_5min": round(five, 2)}


def figures(samples: list[tuple[str, int, float, float]], seconds: float) -> dict[str, object]:
    times = [taken for _, status, taken, _ in samples if status]
    return {
        "requests": len(samples),
        "errors": sum(1 for _, status, _, _ in samples if status == 0 or status >= 400),
        "throughput_rps": round(len(samples) / seconds, 1),
        "p50_ms": round(percentile(times, 50) * 1000, 1),
        "p95_ms": round(percentile(times, 95) * 1000, 1),
        "p99_ms": round(percentile(times, 99) * 1000, 1),
    }


def run(base: str, users: list[str], duration: float, ramp: float) -> dict[str, object]:
    record = Recorder()
    before = busy()
    cpu_before = os.times()
    started = time.monotonic()
    steady_from = started + ramp
    until = steady_from + duration
    threads = [
        threading.Thread(target=user, args=(base, name, until, n, record), daemon=True)
        for n, name in enumerate(users)
    ]
    for n, thread in enumerate(threads):
        time.sleep(max(0.0, started + ramp * n / len(threads) - time.monotonic()))
        thread.start()
    for thread in threads:
        thread.join(timeout=ramp + duration + 120)
    elapsed = time.monotonic() - started
    cpu_after = os.times()
    steady = [sample for sample in record.samples if steady_from <= sample[3] < until]
    # By kind of request in the steady state; signing in, by its nature, over the whole run.
    by_kind: dict[str, list[float]] = defaultdict(list)
    for kind, status, seconds, sent in record.samples:
        if status and (kind.startswith("sign in") or steady_from <= sent < until):
            by_kind[kind].append(seconds)
    return {
        "users": len(users),
        "ramp_s": ramp,
        "duration_s": round(elapsed, 1),
        "all": figures(record.samples, elapsed),
        "steady": figures(steady, duration),
        "errors": sum(1 for _, status, _, _ in record.samples if status == 0 or status >= 400),
        "by_kind": {
            kind: {
                "n": len(values),
                "p50_ms": round(percentile(values, 50) * 1000, 1),
                "p95_ms": round(percentile(values, 95) * 1000, 1),
            }
            for kind, values in sorted(by_kind.items())
        },
        "machine": {
            "cores": os.cpu_count(),
            "before": before,
            "after": busy(),
            "load_client_cpu_s": round(
                (cpu_after.user + cpu_after.system) - (cpu_before.user + cpu_before.system), 1
            ),
        },
        "first_errors": record.failures[:10],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds, after the ramp")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which users arrive")
    parser.add_argument("--url", help="a running openweigh (its users user0… must exist)")
    args = parser.parse_args()
    if not 1 <= args.users <= 200 or not 1 <= args.duration <= 600 or not 0 <= args.ramp <= 120:
        parser.error("at most 200 users, 600 seconds and a 120-second ramp")
    names = [f"user{n}" for n in range(args.users)]
    if args.url:
        result = run(args.url, names, args.duration, args.ramp)
    else:
        print(
            f"starting openweigh with {args.users} users (PostgreSQL, Redis, gunicorn, a worker)…",
            file=sys.stderr,
        )
        with stack(users=args.users, organizations=5) as (app, _, _):
            print(
                f"{args.users} users arriving over {args.ramp:.0f} s, then working for "
                f"{args.duration:.0f} s…",
                file=sys.stderr,
            )
            result = run(app.url, names, args.duration, args.ramp)
    print(json.dumps(result, indent=2))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
