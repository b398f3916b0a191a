"""Latency of the web app on a running server, beside a bare Django view in the same run.

    .venv/bin/python bench/bench_web.py [--requests 200]

Starts its own server (gunicorn, as `make run` does; DEBUG off) on a fresh database in a
temporary folder, signs in as the demo editor and times, interleaved round by round so that
all of them see the same machine, first opening a new connection for every request and then
over one kept-alive connection: the bare view (/healthz), saving a questionnaire step
(htmx), autosaving one answer, rendering the results page, and re-ranking after a weight
slider moves (htmx).
Then, when Redis is available (REDIS_URL, or a redis-server it starts on a free port), it
times a 100,000-trial cost simulation from the click to the finished results page through
Celery and a real worker. Prints markdown tables; ``run()`` returns the rows. Nothing here
asserts a time.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
GUNICORN_FLAGS = [
    *("--workers", "2", "--threads", "4", "--worker-class", "gthread"),
    "--no-control-socket",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise RuntimeError(f"timed out waiting for {what}")


class Session:
    """A signed-in browser, reduced to cookies and the CSRF token. With ``keep_alive`` it
    sends every request over one connection, as a browser does; otherwise each request
    opens its own."""

    def __init__(self, port: int, keep_alive: bool = False) -> None:
        self.port = port
        self.keep_alive = keep_alive
        self.cookies: dict[str, str] = {}
        self._connection: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, data: dict[str, object] | None = None, htmx: bool = False
    ) -> tuple[int, str, dict[str, str]]:
        connection = self._connection or http.client.HTTPConnection(
            "127.0.0.1", self.port, timeout=60
        )
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        if htmx:
            headers["HX-Request"] = "true"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        if self.keep_alive and not response.will_close:
            self._connection = connection
        else:
            connection.close()
            self._connection = None
        return response.status, text, dict(response.getheaders())

    def sign_in(self, username: str, password: str) -> None:
        self.request("GET", "/accounts/login/")
        status, _, _ = self.request(
            "POST", "/accounts/login/", {"username": username, "password": password}
        )
        if status != 302:
            raise RuntimeError(f"sign-in failed with HTTP {status}")


@contextmanager
def server(env: dict[str, str], port: int) -> Iterator[None]:
    # The server `make run` and production use, configured as scripts/run.sh does.
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", *GUNICORN_FLAGS],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(lambda: _answers(port), 60, "the web server")
        yield
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)


def _answers(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        connection.request("GET", "/healthz")
        return connection.getresponse().status == 200
    except OSError:
        return False


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def measure_pages(session: Session, requests: int) -> list[dict[str, object]]:
    """Round-robin over the endpoints so that noise on the machine hits them all alike."""
    from decisions import demo

    decision = 2  # "Website support assistant": complete answers in the demo data
    draft = 5  # "Internal code assistant": unanswered, so a saved step renders the next one
    latency = {
        k: demo.SUPPORT_CHAT[k] for k in ("p95_latency_ms", "offline", "availability", "deployment")
    }
    weights = {"sensitivity": 50, "latency": 50, "customization": 50, "tco": 50, "risk": 50}
    endpoints: dict[str, Callable[[], object]] = {
        "bare Django view (/healthz)": lambda: session.request("GET", "/healthz"),
        "save a questionnaire step (htmx)": lambda: session.request(
            "POST", f"/decisions/{draft}/questions/latency/", latency, htmx=True
        ),
        "autosave one answer (htmx)": lambda: session.request(
            "POST",
            f"/decisions/{draft}/questions/latency/",
            {"offline": "never", "autosave": "1"},
            htmx=True,
        ),
        "re-rank after a slider move (htmx)": lambda: session.request(
            "POST",
            f"/decisions/{decision}/weights/direct/",
            {**weights, "tco": 40 + len(weights) % 7},
            htmx=True,
        ),
        "results page": lambda: session.request("GET", f"/decisions/{decision}/results/"),
    }
    for call in endpoints.values():  # warm up: imports, template caches, connections
        for _ in range(5):
            call()
    samples: dict[str, list[float]] = {name: [] for name in endpoints}
    for _ in range(requests):
        for name, call in endpoints.items():
            samples[name].append(timed(call))
    bare = statistics.median(samples["bare Django view (/healthz)"])
    return [
        {
            "name": name,
            "median_ms": statistics.median(values),
            "p95_ms": percentile(values, 95),
            "ratio_to_bare": statistics.median(values) / bare,
            "n": len(values),
        }
        for name, values in samples.items()
    ]


def measure_simulation(
    session: Session, env: dict[str, str], redis_url: str, runs: int
) -> dict[str, object]:
    """From the click on "Run the simulation" to the finished results page, 100,000 trials."""
    worker = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--concurrency=1",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env={**env, "REDIS_URL": redis_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _, page, _ = session.request("GET", "/decisions/2/tco/")
        form = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', page))
        form["trials"] = "100000"
        times = []
        for run_index in range(runs + 1):
            form["seed"] = str(run_index + 1)
            start = time.perf_counter()
            status, _, headers = session.request("POST", "/decisions/2/tco/", form)
            if status != 302:
                raise RuntimeError(f"starting the simulation failed with HTTP {status}")
            location = headers.get("Location", "")
            while True:  # the page's own poll, without the 1 s pause of the browser
                _, body, _ = session.request("GET", location, htmx=True)
                if "Finished in" in body:
                    _, full_page, _ = session.request("GET", location)
                    break
                if "Failed" in body:
                    raise RuntimeError("the simulation failed")
                time.sleep(0.02)
            elapsed = time.perf_counter() - start
            if run_index > 0:  # the first one warms the worker up
                times.append(elapsed)
            assert "fan-figure" in full_page
        return {
            "name": "100,000-trial simulation, click to chart (Celery + Redis)",
            "median_s": statistics.median(times),
            "max_s": max(times),
            "n": len(times),
        }
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=20)


@contextmanager
def redis_for_bench(folder: Path) -> Iterator[str | None]:
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    binary = shutil.which("redis-server")
    if binary is None:
        yield None
        return
    port = free_port()
    process = subprocess.Popen(
        [
            binary,
            "--bind",
            "127.0.0.1",
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(0.5)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def run(requests: int = 200, simulation_runs: int = 5) -> list[dict[str, object]]:
    folder = Path(tempfile.mkdtemp(prefix="openweigh-bench-"))
    env = {
        **os.environ,
        "OPENWEIGH_DATA_DIR": str(folder),
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LOG_LEVEL": "WARNING",
    }
    try:
        with redis_for_bench(folder) as redis_url:
            if redis_url:
                env["REDIS_URL"] = redis_url
            for command in (["migrate", "--no-input", "-v0"], ["seed_demo", "--password", "bench"]):
                subprocess.run(
                    [PYTHON, "manage.py", *command],
                    cwd=ROOT,
                    env=env,
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            os.environ.update({k: env[k] for k in ("OPENWEIGH_DATA_DIR", "SECRET_KEY")})
            sys.path.insert(0, str(ROOT))
            port = free_port()
            with server(env, port):
                session = Session(port)
                session.sign_in("editor", "bench")
                rows = [{**row, "connection": "new"} for row in measure_pages(session, requests)]
                kept_alive = Session(port, keep_alive=True)
                kept_alive.cookies = dict(session.cookies)
                rows += [
                    {**row, "connection": "kept alive"}
                    for row in measure_pages(kept_alive, requests)
                ]
                if redis_url:
                    rows.append(measure_simulation(session, env, redis_url, simulation_runs))
            return rows
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--simulations", type=int, default=5, help="timed simulation runs")
    args = parser.parse_args(argv)
    rows = run(requests=max(1, args.requests), simulation_runs=max(1, args.simulations))
    print(
        "Web requests on gunicorn (2 workers × 4 threads, DEBUG off, SQLite), interleaved, "
        "one client; first with a new connection for every request, then over one "
        "connection kept alive (as a browser does)\n"
    )
    print("| request | connection | median ms | p95 ms | median ÷ bare view | n |")
    print("|---|---|---:|---:|---:|---:|")
    for row in rows:
        if "median_ms" in row:
            print(
                f"| {row['name']} | {row['connection']} | {row['median_ms']:.1f} | "
                f"{row['p95_ms']:.1f} | {row['ratio_to_bare']:.2f} | {row['n']} |"
            )
    for row in rows:
        if "median_s" in row:
            print(
                f"\n{row['name']}: median {row['median_s']:.2f} s, slowest "
                f"{row['max_s']:.2f} s over {row['n']} runs"
            )
    if not any("median_s" in row for row in rows):
        print("\n(no Redis available: the click-to-chart simulation was not measured)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
