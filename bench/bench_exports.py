"""Exports: the PDF of an accepted record, first after a worker starts and then warm.

    .venv/bin/python bench/bench_exports.py [--runs 20] [--starts 3]

On a fresh SQLite database in a temporary folder, one accepted record with a cost simulation
(the support chat: six charts). Measured:

- first PDF after a worker start: a new process that has imported what a worker imports
  (Django, the tasks, WeasyPrint) makes the PDF of a record whose charts were never drawn:
  Chromium starts, draws six charts, WeasyPrint lays out the paper;
- warm, SVGs cached: the same process makes it again and again, the charts read from the row
  that kept them (what a worker does for the other paper size, or once the stored PDF is
  gone), beside WeasyPrint alone on the same HTML;
- the stored PDF served again, and a draft's PDF (charts drawn every time, Chromium warm).

Prints a markdown table; nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

FIRST_RUN = """
import json, time
import django
django.setup()
import decisions.tasks  # what a worker imports before its first task
from decisions.models import Decision
from decisions.services import exports
decision = Decision.objects.get(pk={pk})
start = time.perf_counter()
exports.pdf_render(decision=decision, paper="a4")
print(json.dumps({{"ms": (time.perf_counter() - start) * 1000}}))
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--starts", type=int, default=3)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="openweigh-bench-exports-"))
    env = {
        **os.environ,
        "OPENWEIGH_DATA_DIR": str(folder),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LOG_LEVEL": "WARNING",
    }
    env.pop("DATABASE_URL", None)
    try:
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        rows = measure(args.runs, args.starts, env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("| step | median ms | fastest ms | slowest ms | n | target |")
    print("|---|---:|---:|---:|---:|---|")
    for name, values, target in rows:
        print(
            f"| {name} | {statistics.median(values):.0f} | {min(values):.0f} "
            f"| {max(values):.0f} | {len(values)} | {target} |"
        )
    return 0


def accepted_record() -> Any:
    from datetime import timedelta

    from django.contrib.auth.models import User
    from django.utils import timezone

    from decisions import demo
    from decisions.models import Decision, Membership, Organization, TcoSimulation
    from decisions.services import records
    from decisions.services.evaluations import decision_evaluate, tco_fingerprint
    from scoring.tco import default_inputs, simulate

    org = Organization.objects.create(name="Bench", slug="bench")
    editor = User.objects.create_user("editor")
    approver = User.objects.create_user("approver")
    Membership.objects.create(user=editor, organization=org, role=Membership.Role.EDITOR)
    Membership.objects.create(user=approver, organization=org, role=Membership.Role.APPROVER)
    decision = Decision.objects.create(
        organization=org,
        owner=editor,
        title="Website support assistant",
        use_case="Answer customers' questions from our published help pages.",
        answers=dict(demo.SUPPORT_CHAT),
        rationale="Public data and a small team: a vendor API answers best for least.",
    )
    inputs, _ = default_inputs(decision.answers)
    TcoSimulation.objects.create(
        decision=decision,
        number=1,
        trials=20_000,
        seed=1,
        inputs=inputs.to_json(),
        answers_fingerprint=tco_fingerprint(decision),
        status=TcoSimulation.Status.SUCCEEDED,
        summary=simulate(inputs, trials=20_000, seed=1).to_json(),
        finished_at=timezone.now() - timedelta(minutes=1),
    )
    decision.chosen_option = decision_evaluate(decision=decision).result.recommendation or ""
    decision.save()
    draft = Decision.objects.create(
        organization=org,
        owner=editor,
        title="Website support assistant, next year",
        use_case=decision.use_case,
        answers=dict(demo.SUPPORT_CHAT),
    )
    records.record_submit(decision=decision, by=editor)
    records.record_judge(decision=decision, by=approver, approve=True, comment="Agreed.")
    return Decision.objects.get(pk=decision.pk), draft


def timed(action: Any, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return times


def measure(runs: int, starts: int, env: dict[str, str]) -> list[tuple[str, list[float], str]]:
    from decisions.exports.charts import record_charts
    from decisions.exports.pdf import html_to_pdf, record_html
    from decisions.exports.record import PAPERS, exported_record
    from decisions.models import PdfExport
    from decisions.services import exports

    record, draft = accepted_record()
    first = []
    for _ in range(starts):
        PdfExport.objects.all().delete()  # nothing kept: the charts are drawn anew
        done = subprocess.run(
            [sys.executable, "-c", FIRST_RUN.format(pk=record.pk)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        first.append(json.loads(done.stdout.strip().splitlines()[-1])["ms"])

    # Warm: Chromium running, the charts kept on a row as a worker keeps them.
    exports.pdf_export(decision=record, paper="a4")
    warm = timed(lambda: exports.pdf_render(decision=record, paper="letter"), runs)
    served = timed(lambda: exports.pdf_export(decision=record, paper="a4"), runs)

    exported = exported_record(record)
    figures = record_charts(exported.document)
    svgs = PdfExport.objects.values_list("charts", flat=True).get()
    html = record_html(exported, paper=PAPERS["a4"], figures=figures, svgs=svgs, charts_note="")
    weasyprint_alone = timed(lambda: html_to_pdf(html, svgs), runs)
    build_html = timed(
        lambda: record_html(
            exported_record(record), paper=PAPERS["a4"], figures=figures, svgs=svgs, charts_note=""
        ),
        runs,
    )
    drafts = timed(lambda: exports.pdf_render(decision=draft, paper="a4"), max(5, runs // 4))
    return [
        ("first PDF after a worker start (Chromium starts, 6 charts drawn)", first, "≤ 3,000"),
        ("accepted record's PDF, warm, SVGs cached", warm, "≤ 300"),
        ("WeasyPrint alone, the same HTML (7 pages, 6 SVG charts)", weasyprint_alone, ""),
        ("reading the snapshot and rendering the HTML template", build_html, ""),
        ("the stored PDF served again", served, ""),
        ("a draft's PDF, Chromium warm (3 charts drawn every time)", drafts, ""),
    ]


if __name__ == "__main__":
    raise SystemExit(main())
