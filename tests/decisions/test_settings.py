"""config.settings, driven by the environment: each case imports it in a fresh interpreter
with exactly the environment given (nothing inherited from the test run)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]

REPORT = """
import json
import config.settings as s
print(json.dumps({
    "debug": s.DEBUG,
    "secret_key_set": bool(s.SECRET_KEY),
    "engine": s.DATABASES["default"]["ENGINE"],
    "database": {k: s.DATABASES["default"].get(k) for k in ("NAME", "USER", "HOST", "PORT")},
    "broker": s.CELERY_BROKER_URL,
    "broker_transport": getattr(s, "CELERY_BROKER_TRANSPORT", None),
    "transport": s.CELERY_BROKER_TRANSPORT_OPTIONS,
    "cache": s.CACHES["default"],
}))
"""


def import_settings(
    tmp_path: Path, report: str = REPORT, **env: str
) -> subprocess.CompletedProcess[str]:
    base = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "PYTHONPATH": str(ROOT),
        # A relative data directory: the settings must make every folder absolute.
        "OPENWEIGH_DATA_DIR": "data",
    }
    return subprocess.run(
        [sys.executable, "-c", report],
        cwd=tmp_path,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def settings_with(tmp_path: Path, **env: str) -> dict[str, Any]:
    process = import_settings(tmp_path, **env)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def test_without_a_secret_key_it_makes_one_in_the_data_folder_and_keeps_it(
    tmp_path: Path,
) -> None:
    def key(**env: str) -> str:
        found = subprocess.run(
            [sys.executable, "-c", "import config.settings as s; print(s.SECRET_KEY)"],
            cwd=tmp_path,
            env={
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "PYTHONPATH": str(ROOT),
                "OPENWEIGH_DATA_DIR": "data",
                **env,
            },
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return found.stdout.strip()

    first = key()
    key_file = tmp_path / "data" / "secret_key"
    assert len(first) >= 50
    assert key_file.read_text().strip() == first
    assert key_file.stat().st_mode & 0o777 == 0o600  # readable by its owner only
    assert key() == first  # the CLI, the worker and the web server sign alike
    assert key(SECRET_KEY="from-the-environment-" + "x" * 40) == "from-the-environment-" + "x" * 40
    assert key(SECRET_KEY="") == first  # empty: as if unset


def test_it_refuses_an_empty_key_file_with_a_clear_message(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "secret_key").write_text("\n")

    process = import_settings(tmp_path)

    assert process.returncode == 1
    assert "secret_key is empty. Delete it to have a new key made, or set SECRET_KEY." in (
        process.stderr
    )


def test_it_starts_with_a_secret_key_in_production_mode(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, SECRET_KEY="x" * 50)

    assert settings["debug"] is False


def test_it_uses_sqlite_in_the_data_folder_by_default(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, DEBUG="true")

    assert settings["engine"] == "django.db.backends.sqlite3"
    assert settings["database"]["NAME"] == str(tmp_path / "data" / "openweigh.sqlite3")


def test_it_selects_postgresql_from_database_url(tmp_path: Path) -> None:
    settings = settings_with(
        tmp_path, DEBUG="true", DATABASE_URL="postgres://ow:secret@db.internal:6543/openweigh"
    )

    assert settings["engine"] == "django.db.backends.postgresql"
    assert settings["database"] == {
        "NAME": "openweigh",
        "USER": "ow",
        "HOST": "db.internal",
        "PORT": 6543,
    }


def test_it_selects_redis_for_the_broker_and_the_cache_from_redis_url(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, DEBUG="true", REDIS_URL="redis://cache.internal:6380/3")

    assert settings["broker"] == "redis://cache.internal:6380/3"
    assert settings["broker_transport"] is None  # kombu's Redis transport, from the URL
    assert settings["cache"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6380/3",
        "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
    }
    # Fails fast when Redis is down or hangs; redelivers only after the longest run.
    assert settings["transport"]["socket_connect_timeout"] == 1
    assert settings["transport"]["socket_timeout"] == 1
    assert settings["transport"]["max_retries"] == 0
    assert settings["transport"]["visibility_timeout"] == 3600
    assert "data_folder_in" not in settings["transport"]
    assert not (tmp_path / "data" / "broker").exists()


def test_it_uses_a_filesystem_broker_with_absolute_folders_without_redis(tmp_path: Path) -> None:
    settings = settings_with(tmp_path, DEBUG="true")

    assert settings["broker"] == "filesystem://"
    assert settings["broker_transport"] == "config.broker:Transport"  # atomic writes
    assert settings["cache"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    transport = settings["transport"]
    broker = tmp_path / "data" / "broker"
    assert transport["data_folder_in"] == str(broker / "queue")
    assert transport["data_folder_out"] == str(broker / "queue")
    assert transport["control_folder"] == str(broker / "control")
    assert transport["processed_folder"] == str(broker / "processed")
    for key in ("data_folder_in", "data_folder_out", "control_folder", "processed_folder"):
        assert Path(transport[key]).is_absolute()
        assert Path(transport[key]).is_dir()


PRODUCTION = {
    "SECRET_KEY": "a-production-key-" + "k3y!" * 12,
    "HTTPS": "true",
    "TRUSTED_PROXIES": "1",
    "ALLOWED_HOSTS": "openweigh.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://openweigh.example.org",
}


def manage(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=tmp_path,
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(tmp_path),
            "OPENWEIGH_DATA_DIR": "data",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_deployment_checks_pass_with_the_production_settings(tmp_path: Path) -> None:
    process = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "System check identified no issues (0 silenced)."


def test_the_deployment_checks_name_what_plain_http_lacks(tmp_path: Path) -> None:
    """`make run` serves plain HTTP on 127.0.0.1: the checks say what production must add."""
    process = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")

    assert process.returncode == 1
    found = sorted(set(re.findall(r"\(([a-z]+\.W\d+)\)", process.stderr)))
    assert found == ["security.W004", "security.W008", "security.W012", "security.W016"]


HTTPS_REPORT = """
import json
import config.settings as s
print(json.dumps({
    "proxy": getattr(s, "SECURE_PROXY_SSL_HEADER", None),
    "redirect": s.SECURE_SSL_REDIRECT,
    "hsts": [s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD],
    "cookies": [s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE],
    "session_age": s.SESSION_COOKIE_AGE,
    "conn": [s.DATABASES["default"].get(k) for k in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")],
}))
"""


def https_settings(tmp_path: Path, **env: str) -> dict[str, Any]:
    process = import_settings(tmp_path, HTTPS_REPORT, **env)
    assert process.returncode == 0, process.stderr
    return json.loads(process.stdout)


def test_behind_a_tls_proxy_it_trusts_the_proxy_and_sends_everything_over_https(
    tmp_path: Path,
) -> None:
    assert https_settings(tmp_path, **PRODUCTION, DATABASE_URL="postgres://ow@db/ow") == {
        "proxy": ["HTTP_X_FORWARDED_PROTO", "https"],
        "redirect": True,
        "hsts": [31536000, True, True],
        "cookies": [True, True],
        "session_age": 43200,
        # A dropped connection (the database restarted) is replaced, not failed.
        "conn": [60, True],
    }


def test_plain_http_on_this_machine_trusts_no_proxy_and_sets_no_hsts(tmp_path: Path) -> None:
    assert https_settings(tmp_path) == {
        "proxy": None,
        "redirect": False,
        "hsts": [0, True, True],
        "cookies": [False, False],
        "session_age": 43200,
        "conn": [600, True],
    }
