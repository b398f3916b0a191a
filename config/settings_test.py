"""Test overrides: the same settings, made fast and deterministic."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault(
    "SECRET_KEY", "test-only-secret-key-with-enough-length-to-be-valid-0123456789"
)

from config.settings import *  # noqa: F403
from config.settings import DATA_DIR, DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a worker process in a test can open the same database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-openweigh.sqlite3")}

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
