"""Run every benchmark in one go and put the figures in the README.

    .venv/bin/python bench/run_all.py [--no-readme]

Each benchmark runs in its own process, one after the other; the combined report goes to
bench/results/latest.md and, unless --no-readme, between the bench markers of README.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = (
    ("Scoring v2: score, flip points, answer flips, robustness", "bench/bench_scoring.py"),
    ("TCO Monte Carlo", "bench/bench_tco.py"),
    ("Web: server time, page weight, click-to-chart", "bench/bench_web.py"),
    ("Model catalog: imports and the catalog page", "bench/bench_catalog.py"),
    ("Decision records: accept and verify", "bench/bench_records.py"),
    ("Exports: the decision PDF", "bench/bench_exports.py"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-readme", action="store_true", help="do not update README.md")
    args = parser.parse_args(argv)
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    sections = [
        f"Measured {when} on {os.cpu_count()} cores, Python {platform.python_version()}; "
        "medians of repeated runs, measured side by side in one run of `make bench`."
    ]
    for title, script in BENCHMARKS:
        print(f"== {title}", flush=True)
        done = subprocess.run(
            [sys.executable, script], cwd=ROOT, capture_output=True, text=True, check=False
        )
        output = done.stdout.strip()
        print(output or done.stderr[-2000:], flush=True)
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            return done.returncode
        sections.append(f"#### {title}\n\n{output}")
    report = "\n\n".join(sections) + "\n"
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "latest.md").write_text(report)
    if not args.no_readme:
        readme = ROOT / "README.md"
        text = readme.read_text()
        updated = re.sub(
            r"<!-- bench:start -->.*<!-- bench:end -->",
            lambda _: f"<!-- bench:start -->\n{report}<!-- bench:end -->",
            text,
            flags=re.S,
        )
        readme.write_text(updated)
        print("README.md updated.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
