"""Time the model catalog: importing the shipped LiteLLM price map (target ≤ 5 s), importing
the Model Openness Tool records, and the catalog page with every shipped model (target
≤ 50 ms p95 server time).

    .venv/bin/python bench/bench_catalog.py [--imports 7] [--requests 200] [--data DIR]

In one process, against a fresh SQLite database in a temporary folder, DEBUG off. Prints
medians (and p95 for the page) as markdown tables; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
PAGES = {
    "for scale: bare view (/healthz)": "/healthz",
    "catalog, every model": "/catalog/",
    "catalog, filtered (open weights, user cap)": "/catalog/?access=open_weights&flags=user_cap",
    "catalog, a wrong filter value": "/catalog/?access=bogus",
    "one model (Llama 3.1)": "/catalog/models/llama-3-1/",
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return times


def setup_django(folder: Path) -> None:
    os.environ.update(
        OPENWEIGH_DATA_DIR=str(folder),
        DEBUG="false",
        SECRET_KEY="benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DJANGO_SETTINGS_MODULE="config.settings",
        LOG_LEVEL="WARNING",
        ALLOWED_HOSTS="testserver",
    )
    os.environ.pop("DATABASE_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    # The pages name their static files by the hashed names `make run` collects.
    call_command("collectstatic", "--no-input", verbosity=0)


def run(data: Path, imports: int, requests: int) -> dict[str, list[dict[str, object]]]:
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    litellm = data / "litellm" / "model_prices_and_context_window.json"
    mot = data / "mot" / "models"
    quiet = StringIO()
    call_command("load_catalog", stdout=quiet)

    from catalog.sources import parse_litellm

    text = litellm.read_text(encoding="utf-8")
    rows: dict[str, list[dict[str, object]]] = {"imports": [], "pages": []}
    steps: list[tuple[str, Callable[[], object]]] = [
        ("read and check the LiteLLM map only", lambda: parse_litellm(text, litellm.name)),
        (
            "import_litellm_prices (read, check, new version, write)",
            lambda: call_command("import_litellm_prices", litellm, stdout=quiet),
        ),
        (
            f"import_mot ({len(list(mot.glob('*.yml')))} records)",
            lambda: call_command("import_mot", mot, stdout=quiet),
        ),
        (
            "load_catalog --force (the shipped file)",
            lambda: call_command("load_catalog", "--force", stdout=quiet),
        ),
    ]
    for name, action in steps:
        action()  # warm-up
        times = timed(action, imports)
        rows["imports"].append(
            {"step": name, "median_s": statistics.median(times), "max_s": max(times), "n": imports}
        )

    user = User.objects.create_user("bench", password="bench-password-123")
    client = Client()
    client.force_login(user)
    for name, url in PAGES.items():
        for _ in range(10):
            assert client.get(url).status_code == 200, url
        times = timed(lambda url=url: client.get(url), requests)
        rows["pages"].append(
            {
                "page": name,
                "median_ms": statistics.median(times) * 1000,
                "p95_ms": percentile(times, 0.95) * 1000,
                "n": requests,
            }
        )
    return rows


def whole_command(*args: str) -> float:
    """Wall time of a `manage.py` command as a person runs it, start-up included."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--imports", type=int, default=7, help="timed runs of each import")
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the source data folder")
    args = parser.parse_args(argv)
    if not (args.data / "litellm").is_dir():
        print(f"no source data at {args.data}: pass --data", file=sys.stderr)
        return 1
    folder = Path(tempfile.mkdtemp(prefix="openweigh-bench-catalog-"))
    try:
        setup_django(folder)
        rows = run(args.data, max(1, args.imports), max(1, args.requests))
        litellm = args.data / "litellm" / "model_prices_and_context_window.json"
        command_s = statistics.median(
            whole_command("import_litellm_prices", str(litellm)) for _ in range(3)
        )
        startup_s = statistics.median(whole_command("check") for _ in range(3))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("Catalog imports, in process (SQLite), each making a new catalog version\n")
    print("| step | median s | slowest s | runs |")
    print("|---|---:|---:|---:|")
    for row in rows["imports"]:
        print(f"| {row['step']} | {row['median_s']:.3f} | {row['max_s']:.3f} | {row['n']} |")
    print(
        f"\n`manage.py import_litellm_prices` on the shipped map as a separate process, "
        f"start-up included: median {command_s:.2f} s of 3 (target ≤ 5 s); for scale, "
        f"`manage.py check` (start-up alone): {startup_s:.2f} s\n"
    )
    print("Catalog pages, server time in process (Django test client, DEBUG off, signed in)\n")
    print("| page | median ms | p95 ms | n |")
    print("|---|---:|---:|---:|")
    for row in rows["pages"]:
        print(f"| {row['page']} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | {row['n']} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
