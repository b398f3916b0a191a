"""Shared fixtures: the shipped catalog loaded, the source data, a signed-in user of no
organisation (the catalog is global reference data)."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from tests.conftest import require

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "catalog" / "data" / "catalog.json"
SHARED_DATA = ROOT.parent / "shared" / "data"
LITELLM_FILE = SHARED_DATA / "litellm" / "model_prices_and_context_window.json"
MOT_DIR = SHARED_DATA / "mot" / "models"


# A LiteLLM price map entry as the shipped file has it (fewer fields).
GPT_4O = {
    "input_cost_per_token": 2.5e-06,
    "output_cost_per_token": 1e-05,
    "litellm_provider": "openai",
    "max_input_tokens": 128000,
    "max_output_tokens": 16384,
    "mode": "chat",
    "source": "https://developers.openai.com/api/docs/pricing",
}


def shipped_document() -> dict[str, Any]:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


@pytest.fixture
def shared_data() -> Path:
    require(SHARED_DATA.is_dir(), f"the source data folder {SHARED_DATA}")
    return SHARED_DATA


@pytest.fixture
def catalog_v1(db: None) -> int:
    """The shipped catalog, loaded as version 1."""
    call_command("load_catalog", stdout=StringIO())
    return 1


def run(*args: Any) -> str:
    """A command's output; it must succeed."""
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def refused(*args: Any) -> str:
    """A command that must refuse with exit status 2: its message."""
    with pytest.raises(CommandError) as raised:
        call_command(*args, stdout=StringIO())
    assert raised.value.returncode == 2
    return str(raised.value)


def attempt(*args: Any) -> tuple[int, str]:
    """A command's exit status and its output or message; any other exception propagates,
    so that a crash fails the test."""
    out = StringIO()
    try:
        call_command(*args, stdout=out)
    except CommandError as error:
        return error.returncode, str(error)
    return 0, out.getvalue()


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, indent=1), encoding="utf-8")
    return path


@pytest.fixture
def reader(db: None) -> User:
    return User.objects.create_user(username="rita", password="pw-for-tests-only")


@pytest.fixture
def reader_client(reader: User) -> Client:
    client = Client()
    client.force_login(reader)
    return client
