"""Backups as docs/operations.md writes them, restored into an empty database: every accepted
record still verifies (its hash, its result, its text); and the migrations, from an empty
database and over the demo data.

Each case runs `manage.py` in processes of its own, on a data folder (SQLite) or databases
(PostgreSQL) of its own, as an operator would.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import IN_CI, require
from tests.processes import ROOT

# How far back the migrations are taken over the demo data, to be applied again: the records
# (0004) stay, the exports, shortlists, policy rules and sign-in throttling after them go.
BEFORE = {"decisions": "0004_records", "catalog": "0001_initial", "axes": "zero"}


def manage(env: dict[str, str], *args: str) -> str:
    process = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert process.returncode == 0, f"manage.py {' '.join(args)}:\n{process.stderr[-3000:]}"
    return process.stdout


def environment(data_dir: Path, database_url: str = "") -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL")
    }
    env.update(
        OPENWEIGH_DATA_DIR=str(data_dir),
        SECRET_KEY="backup-test-" + "x" * 50,
        DATABASE_URL=database_url,
    )
    return env


def seeded(env: dict[str, str]) -> None:
    manage(env, "migrate", "-v0")
    manage(env, "load_catalog")
    manage(env, "seed_demo", "--password", "a-demo-password-for-tests")


ACCEPTED_SQL = (
    "SELECT id FROM decisions_decision WHERE status IN ('accepted', 'superseded', 'deprecated') "
    "ORDER BY id"
)


def verify_all(env: dict[str, str], ids: list[int]) -> list[str]:
    """`manage.py verify_decision` on each record; what each said."""
    assert ids, "the demo has accepted records"
    return [manage(env, "verify_decision", str(pk)).split(",")[0] for pk in ids]


# In the order seed_demo accepts them.
EXPECTED = [
    "verified: “Clinical notes summarisation” (superseded)",
    "verified: “Clinical notes summarisation (one year on)” (accepted)",
    "verified: “Website support assistant” (accepted)",
]


# --- SQLite -------------------------------------------------------------------------------------
def sqlite_ids(path: Path) -> list[int]:
    with closing(sqlite3.connect(path)) as connection:
        return [row[0] for row in connection.execute(ACCEPTED_SQL)]


@pytest.mark.parametrize("tool", ["python", "sqlite3"])
def test_a_sqlite_backup_restores_into_an_empty_folder_and_every_record_verifies(
    tmp_path: Path, tool: str
) -> None:
    live = environment(tmp_path / "live")
    seeded(live)
    database = tmp_path / "live" / "openweigh.sqlite3"
    backup = tmp_path / "openweigh-backup.sqlite3"

    # The backup, taken while the app may be running (docs/operations.md).
    if tool == "sqlite3":
        require(shutil.which("sqlite3") is not None, "the sqlite3 command is not installed")
        subprocess.run(["sqlite3", str(database), f".backup '{backup}'"], check=True, timeout=60)
    else:
        with (
            closing(sqlite3.connect(database)) as source,
            closing(sqlite3.connect(backup)) as target,
        ):
            source.backup(target)

    # The restore: the file into an empty data folder.
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(backup, restored / "openweigh.sqlite3")
    env = environment(restored)
    assert "No planned migration operations." in manage(env, "migrate", "--plan")
    assert verify_all(env, sqlite_ids(restored / "openweigh.sqlite3")) == EXPECTED


# --- PostgreSQL -----------------------------------------------------------------------------
@pytest.fixture
def postgres() -> Iterator[tuple[str, str]]:
    """Two new databases on the server DATABASE_URL names: one to back up, one empty to
    restore into; both dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    require(url.startswith("postgres"), "DATABASE_URL names no PostgreSQL server")
    require(shutil.which("pg_dump") is not None, "pg_dump and pg_restore are installed")
    server = urlsplit(url)
    names = [f"ow_backup_{uuid.uuid4().hex[:8]}", f"ow_restore_{uuid.uuid4().hex[:8]}"]
    admin = server._replace(path="/postgres").geturl()
    for name in names:
        subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True, timeout=60)
    try:
        yield tuple(server._replace(path=f"/{name}").geturl() for name in names)  # type: ignore[misc]
    finally:
        for name in names:
            subprocess.run(
                ["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"],
                check=False,
                timeout=60,
            )


def test_a_postgresql_dump_restores_into_an_empty_database_and_every_record_verifies(
    tmp_path: Path, postgres: tuple[str, str]
) -> None:
    live_url, empty_url = postgres
    live = environment(tmp_path / "live", live_url)
    seeded(live)
    dump = tmp_path / "openweigh.dump"

    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}", live_url], check=True, timeout=120
    )
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={empty_url}", str(dump)],
        check=True,
        timeout=120,
    )

    env = environment(tmp_path / "restored", empty_url)
    assert "No planned migration operations." in manage(env, "migrate", "--plan")
    ids = subprocess.run(
        ["psql", empty_url, "-tAc", ACCEPTED_SQL], check=True, capture_output=True, text=True
    ).stdout.split()
    assert verify_all(env, [int(pk) for pk in ids]) == EXPECTED


# --- migrations -------------------------------------------------------------------------------
def test_the_migrations_build_an_empty_database_that_matches_the_models(tmp_path: Path) -> None:
    env = environment(tmp_path)
    manage(env, "migrate", "-v0")
    assert manage(env, "makemigrations", "--check", "--dry-run").strip() == "No changes detected"


def test_the_migrations_apply_over_the_demo_data(tmp_path: Path) -> None:
    # The demo data as today's code writes it; then the later migrations are taken back and
    # applied again over it, as an upgrade applies them over an organisation's data.
    env = environment(tmp_path)
    manage(env, "migrate", "-v0")
    manage(env, "load_catalog")
    manage(env, "seed_demo", "--password", "a-demo-password-for-tests")
    for app, migration in BEFORE.items():
        manage(env, "migrate", app, migration, "-v0")

    manage(env, "migrate", "-v0")

    assert verify_all(env, sqlite_ids(tmp_path / "openweigh.sqlite3")) == EXPECTED
    assert "No planned migration operations." in manage(env, "migrate", "--plan")


def test_ci_runs_the_postgresql_backup() -> None:
    """The PostgreSQL case skips without a server; CI has one and must run it."""
    if IN_CI:
        assert os.environ.get("DATABASE_URL", "").startswith("postgres")
