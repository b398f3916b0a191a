"""Decision records: accepting one (snapshot and hash) and verifying it.

    .venv/bin/python bench/bench_records.py [--records 30]

On a fresh SQLite database in a temporary folder: the time to approve a submitted record
(which freezes it: the snapshot is built, serialised canonically and hashed, and the record
it supersedes updated), the time `verify_decision` takes in process, and the whole command
as a user runs it (interpreter and Django start-up included). Prints a markdown table;
nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=30)
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="openweigh-bench-records-"))
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
        report = measure(args.records, env)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("| step | median ms | slowest ms | n | target |")
    print("|---|---:|---:|---:|---|")
    for name, values, target in report:
        print(
            f"| {name} | {statistics.median(values):.1f} | {max(values):.1f} | {len(values)} "
            f"| {target} |"
        )
    return 0


def measure(count: int, env: dict[str, str]) -> list[tuple[str, list[float], str]]:
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from decisions import demo
    from decisions.models import Decision, Membership, Organization
    from decisions.services import records
    from decisions.services.evaluations import decision_evaluate

    org = Organization.objects.create(name="Bench", slug="bench")
    editor = User.objects.create_user("editor")
    approver = User.objects.create_user("approver")
    Membership.objects.create(user=editor, organization=org, role=Membership.Role.EDITOR)
    Membership.objects.create(user=approver, organization=org, role=Membership.Role.APPROVER)
    accept, verify = [], []
    ids = []
    for n in range(count + 1):
        decision = Decision.objects.create(
            organization=org,
            owner=editor,
            title=f"Record {n}",
            use_case="Benchmark.",
            answers=dict(demo.CONTRACT_REVIEW),
            rationale="Measured.",
        )
        decision.chosen_option = decision_evaluate(decision=decision).result.recommendation or ""
        decision.save()
        records.record_submit(decision=decision, by=editor)
        start = time.perf_counter()
        records.record_judge(decision=decision, by=approver, approve=True, comment="")
        elapsed = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        call_command("verify_decision", str(decision.pk), stdout=io.StringIO())
        checked = (time.perf_counter() - start) * 1000
        if n:  # the first warms up imports and caches
            accept.append(elapsed)
            verify.append(checked)
            ids.append(decision.pk)
    command, startup = [], []
    for decision_id in ids[:5]:
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); import decisions.services.records",
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        startup.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "manage.py", "verify_decision", str(decision_id)],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        command.append((time.perf_counter() - start) * 1000)
    return [
        ("approve a record, which accepts it: snapshot + SHA-256", accept, "≤ 200 ms"),
        ("verify_decision, in process", verify, "≤ 1 s"),
        ("verify_decision, the whole command", command, "≤ 1 s"),
        ("for scale: start Python and Django and import the records service", startup, ""),
    ]


if __name__ == "__main__":
    raise SystemExit(main())
