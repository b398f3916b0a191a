"""Under gunicorn, as production runs it: a body over the upload limit is refused with 413
and the browser's connection stays usable for its next request; a far larger one is not read
at all. Each refusal is one line in the log."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.processes import ROOT, free_port, wait_until


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[int, Path]]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "OPENWEIGH_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "REDIS_URL": "",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120
    )
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--threads",
                "2",
                "--worker-class",
                "gthread",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(lambda: _answers(port), timeout=30, what="gunicorn to answer")
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=15)


def _answers(port: int) -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        return healthz(connection)[0] == 200
    except OSError:
        return False
    finally:
        connection.close()


def post(connection: http.client.HTTPConnection, size: int) -> int:
    connection.request(
        "POST",
        "/accounts/login/",
        body=b"x" * size,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    response = connection.getresponse()
    response.read()
    return response.status


def healthz(connection: http.client.HTTPConnection) -> tuple[int, bytes]:
    connection.request("GET", "/healthz")
    response = connection.getresponse()
    return response.status, response.read()


def test_an_oversized_body_gets_413_and_the_connection_stays_usable(
    server: tuple[int, Path],
) -> None:
    port, log = server
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        assert post(connection, 3_000_000) == 413
        assert healthz(connection) == (200, b"ok")  # the same connection, kept alive
        assert post(connection, 3_000_000) == 413
        assert healthz(connection) == (200, b"ok")
    finally:
        connection.close()

    text = log.read_text()
    assert text.count("Content Too Large: /accounts/login/\n") == 2
    assert "Traceback" not in text
