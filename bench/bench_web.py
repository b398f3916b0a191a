"""The speed people feel: server time of the pages they use, and what a page weighs.

    .venv/bin/python bench/bench_web.py [--requests 200]

Starts its own server (gunicorn, as `make run` does; DEBUG off; static files collected) on a
fresh database in a temporary folder. In an organisation with 1 decision, then with 1,000,
it times, interleaved round by round so that all of them see the same machine, over one
kept-alive connection as a browser sends them: saving a questionnaire step (htmx),
autosaving one answer, the results page, the weights page, re-ranking after a weight slider
moves (htmx: the what-if, which saves nothing), and the decision list. It then weighs the
results page as a browser downloads it, compressed, on a first and a repeat visit. When
Redis is available (REDIS_URL, or a redis-server it starts on a free port), it times a
100,000-trial cost simulation from the click to the finished results page through Celery
and a real worker. Prints markdown tables. Nothing here asserts a time.
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


# Seeds the benchmark's organisation: one editor and ``count`` complete decisions, the first
# with the board's weights, as a board would have them.
SEED_PROGRAM = """
import sys
import django
django.setup()
from django.contrib.auth.models import User
from decisions import demo
from decisions.models import Decision, Membership, Organization
from decisions.services.evaluations import scoring_run_store
from decisions.services.weights import weight_set_save_direct

count = int(sys.argv[1])
org, _ = Organization.objects.get_or_create(slug="bench", defaults={"name": "Bench Org"})
user, created = User.objects.get_or_create(username="bench")
if created:
    user.set_password("bench")
    user.save()
    Membership.objects.create(user=user, organization=org, role=Membership.Role.EDITOR)
have = Decision.objects.filter(organization=org).count()
Decision.objects.bulk_create(
    Decision(organization=org, owner=user, title=f"Use case {n}", use_case="Benchmark.",
             answers=dict(demo.CONTRACT_REVIEW))
    for n in range(have, count)
)
first = Decision.objects.filter(organization=org).order_by("pk").first()
weight_set_save_direct(decision=first, member=user, weights={
    "sensitivity": 40, "latency": 10, "customization": 20, "tco": 10, "risk": 20})
scoring_run_store(decision=first)
print(first.pk)
"""


def seed_bench_org(env: dict[str, str], count: int) -> int:
    """The benchmark organisation with ``count`` decisions; returns the first one's id."""
    done = subprocess.run(
        [PYTHON, "-c", SEED_PROGRAM, str(count)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout.split()[-1])


def measure_pages(session: Session, decision: int, requests: int) -> list[dict[str, object]]:
    """Round-robin over the endpoints so that noise on the machine hits them all alike."""
    from decisions import demo

    latency = {
        k: demo.CONTRACT_REVIEW[k]
        for k in ("p95_latency_ms", "offline", "availability", "deployment")
    }
    endpoints: dict[str, Callable[[int], object]] = {
        "save a questionnaire step (htmx)": lambda _: session.request(
            "POST", f"/decisions/{decision}/questions/latency/", latency, htmx=True
        ),
        "autosave one answer (htmx)": lambda _: session.request(
            "POST",
            f"/decisions/{decision}/questions/latency/autosave/",
            {"offline": "never"},
            htmx=True,
        ),
        "results page": lambda _: session.request("GET", f"/decisions/{decision}/results/"),
        "weights page": lambda _: session.request("GET", f"/decisions/{decision}/weights/"),
        # The what-if: ranks the sliders as they stand and saves nothing.
        "re-rank after a slider move (htmx)": lambda i: session.request(
            "POST",
            f"/decisions/{decision}/weights/direct/what-if/",
            {"sensitivity": 40, "latency": 10, "customization": 20, "tco": 10 + i % 7, "risk": 20},
            htmx=True,
        ),
        "decision list": lambda _: session.request("GET", "/"),
        "search the decision list": lambda i: session.request("GET", f"/?q=case+{i % 100}"),
    }
    for call in endpoints.values():  # warm up: imports, template caches, connections
        for i in range(5):
            call(i)
    samples: dict[str, list[float]] = {name: [] for name in endpoints}
    for i in range(requests):
        for name, call in endpoints.items():
            samples[name].append(timed(lambda: call(i)))  # noqa: B023
    return [
        {
            "name": name,
            "median_ms": statistics.median(values),
            "p95_ms": percentile(values, 95),
            "n": len(values),
        }
        for name, values in samples.items()
    ]


ASSET = re.compile(r'<(?:script[^>]*\ssrc|link[^>]*\shref)="(/static/[^"]+)"')
YEAR = 365 * 24 * 3600


def page_weight(port: int, cookies: dict[str, str], path: str) -> dict[str, object]:
    """Bytes a browser downloads for ``path`` (HTML, CSS, JS, icon), compressed as sent: on a
    first visit, and on a repeat visit, when what is cached for a year is not asked again."""

    def get(url: str) -> tuple[bytes, dict[str, str]]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {
            "Accept-Encoding": "br, gzip",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        }
        connection.request("GET", url, headers=headers)
        response = connection.getresponse()
        body = response.read()  # as sent: http.client does not decompress
        connection.close()
        return body, {k.lower(): v for k, v in response.getheaders()}

    html, html_headers = get(path)
    text = (
        html.decode()
        if "content-encoding" not in html_headers
        else _decompressed(html, html_headers["content-encoding"])
    )
    first = repeat = len(html)
    assets = []
    for url in dict.fromkeys(ASSET.findall(text)):
        body, headers = get(url)
        cached = f"max-age={YEAR}" in headers.get("cache-control", "") or "immutable" in (
            headers.get("cache-control", "")
        )
        first += len(body)
        repeat += 0 if cached else len(body)
        assets.append((url, len(body), headers.get("content-encoding", "none"), cached))
    return {"path": path, "first_kb": first / 1024, "repeat_kb": repeat / 1024, "assets": assets}


def _decompressed(body: bytes, encoding: str) -> str:
    if encoding == "br":
        import brotli

        return brotli.decompress(body).decode()
    import gzip

    return gzip.decompress(body).decode()


def measure_simulation(
    session: Session, decision: int, env: dict[str, str], redis_url: str, runs: int
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
        _, page, _ = session.request("GET", f"/decisions/{decision}/tco/")
        form = dict(re.findall(r'name="([a-z_]+)" value="([^"]*)"', page))
        form["trials"] = "100000"
        times = []
        for run_index in range(runs + 1):
            form["seed"] = str(run_index + 1)
            start = time.perf_counter()
            status, _, headers = session.request("POST", f"/decisions/{decision}/tco/", form)
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


def run(requests: int = 200, simulation_runs: int = 5) -> dict[str, object]:
    folder = Path(tempfile.mkdtemp(prefix="openweigh-bench-"))
    env = {
        **os.environ,
        "OPENWEIGH_DATA_DIR": str(folder),
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LOG_LEVEL": "WARNING",
    }
    report: dict[str, object] = {}
    try:
        with redis_for_bench(folder) as redis_url:
            if redis_url:
                env["REDIS_URL"] = redis_url
            for command in (
                ["migrate", "--no-input", "-v0"],
                ["seed_demo", "--password", "bench"],
                ["collectstatic", "--no-input", "-v0"],
            ):
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
                rows = []
                for count in (1, 1000):
                    decision = seed_bench_org(env, count)
                    session = Session(port, keep_alive=True)  # as a browser does
                    session.sign_in("bench", "bench")
                    rows += [
                        {**row, "decisions": count}
                        for row in measure_pages(session, decision, requests)
                    ]
                report["pages"] = rows
                report["weight"] = page_weight(
                    port, session.cookies, f"/decisions/{decision}/results/"
                )
                if redis_url:
                    # A draft of the benchmark's organisation, as a board would run one.
                    report["simulation"] = measure_simulation(
                        session, decision, env, redis_url, simulation_runs
                    )
            return report
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--simulations", type=int, default=5, help="timed simulation runs")
    args = parser.parse_args(argv)
    report = run(requests=max(1, args.requests), simulation_runs=max(1, args.simulations))
    print(
        "Server time of each request on gunicorn as `make run` starts it (2 workers × 4 "
        "threads, DEBUG off, SQLite), measured by one client over a kept-alive connection on "
        "127.0.0.1, requests interleaved; the organisation has 1, then 1,000 decisions\n"
    )
    print("| request | decisions | median ms | p95 ms | n |")
    print("|---|---:|---:|---:|---:|")
    for row in report["pages"]:  # type: ignore[attr-defined]
        print(
            f"| {row['name']} | {row['decisions']:,} | {row['median_ms']:.1f} | "
            f"{row['p95_ms']:.1f} | {row['n']} |"
        )
    weight = report["weight"]
    print(
        f"\nPage weight of the results page, compressed as sent (targets: first visit ≤ 600 KB, "
        f"repeat ≤ 30 KB): first visit **{weight['first_kb']:.0f} KB**, "  # type: ignore[index]
        f"repeat visit **{weight['repeat_kb']:.1f} KB**\n"  # type: ignore[index]
    )
    print("| file | bytes sent | encoding | cached for a year |")
    print("|---|---:|---|---|")
    for url, size, encoding, cached in weight["assets"]:  # type: ignore[index]
        print(f"| `{url}` | {size:,} | {encoding} | {'yes' if cached else 'no'} |")
    if "simulation" in report:
        row = report["simulation"]
        print(
            f"\n{row['name']}: median {row['median_s']:.2f} s, slowest "  # type: ignore[index]
            f"{row['max_s']:.2f} s over {row['n']} runs"  # type: ignore[index]
        )
    else:
        print("\n(no Redis available: the click-to-chart simulation was not measured)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
