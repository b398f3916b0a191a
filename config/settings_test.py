"""Test overrides: the same settings, made fast and deterministic."""

import os
from pathlib import Path

os.environ.setdefault("DEBUG", "false")
# Apart from a developer's `make run` data, and from any other test session running at the
# same time (database file, filesystem broker). Worker processes started by a test inherit
# this variable, so they share the session's folder.
os.environ.setdefault(
    "OPENWEIGH_DATA_DIR",
    str(Path(__file__).resolve().parent.parent / ".data" / "test" / f"session-{os.getpid()}"),
)
os.environ.setdefault(
    "SECRET_KEY", "test-only-secret-key-with-enough-length-to-be-valid-0123456789"
)

from config.settings import *  # noqa: F403
from config.settings import DATA_DIR, DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a worker process in a test can open the same database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-openweigh.sqlite3")}
else:
    # One test database per session, so that two sessions at once do not drop each other's.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}

# Static files straight from the source folders, without collectstatic's hashed copies.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# A queue of their own, so that a developer's running worker never takes the tests' tasks.
CELERY_TASK_DEFAULT_QUEUE = "openweigh-tests"
