"""`manage.py catalog_model "NAME" --json` and `--list`: the JSON contract, and exit status 2
with the closest names or a clear message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.catalog.conftest import ROOT, refused, run


def test_it_prints_a_model_as_json(catalog_v1: int) -> None:
    printed = json.loads(run("catalog_model", "Mistral 7B", "--json"))
    assert printed == {
        "name": "Mistral 7B",
        "developer": "Mistral AI",
        "access": "open_weights",
        "licence": {
            "name": "Apache License 2.0",
            "spdx": "Apache-2.0",
            "osi_approved": True,
            "category": "permissive",
        },
        "flags": [],
        "catalog_version": 1,
    }


def test_it_prints_each_flag_with_its_text_and_source(catalog_v1: int) -> None:
    printed = json.loads(run("catalog_model", "gemma 3", "--json"))
    assert printed["licence"] == {
        "name": "Gemma Terms of Use",
        "spdx": None,
        "osi_approved": False,
        "category": "open_weights_restricted",
    }
    assert [set(flag) for flag in printed["flags"]] == [{"id", "text", "source"}] * 3
    assert [flag["id"] for flag in printed["flags"]] == [
        "open_washing",
        "use_policy",
        "remote_restriction",
    ]
    gpt = json.loads(run("catalog_model", "GPT-4o", "--json"))
    assert (gpt["access"], gpt["licence"]["category"], gpt["licence"]["spdx"]) == (
        "closed_api",
        "proprietary",
        None,
    )


def test_it_prints_text_without_json(catalog_v1: int) -> None:
    assert run("catalog_model", "Mistral 7B").splitlines() == [
        "Mistral 7B (Mistral AI, open_weights)",
        "licence: Apache License 2.0 — permissive, SPDX Apache-2.0, OSI-approved",
        "catalog version 1",
    ]


def test_it_lists_every_name(catalog_v1: int) -> None:
    names = run("catalog_model", "--list").splitlines()
    assert len(names) == 33
    assert names[:3] == ["Claude 3.5 Sonnet", "Claude Haiku 4.5", "Claude Opus 4"]
    assert "Llama 3.1" in names


def test_it_suggests_the_closest_names_for_an_unknown_one(catalog_v1: int) -> None:
    assert refused("catalog_model", "Lama 3.1", "--json") == (
        "no model named 'Lama 3.1' in catalog version 1; did you mean Llama 3.1, Llama 3.3 70B, "
        "Gemma 3?"
    )
    assert refused("catalog_model", "zzzzzz") == "no model named 'zzzzzz' in catalog version 1"


def test_it_refuses_bad_arguments(catalog_v1: int) -> None:
    expected = 'give a model name, or --list (e.g. catalog_model "Llama 3.1" --json)'
    assert refused("catalog_model") == expected
    assert refused("catalog_model", "GPT-4o", "--list") == expected
    assert refused("catalog_model", " ", "--json") == "the model name is empty"
    assert refused("catalog_model", "GPT-4o", "--catalog-version", "9") == (
        "there is no catalog version 9"
    )


def test_it_says_the_catalog_is_empty(db: None) -> None:
    assert refused("catalog_model", "--list") == (
        "the catalog is empty: run `manage.py load_catalog` first"
    )


def test_it_exits_with_status_2_from_the_shell(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE"}}
    env.update(DEBUG="true", OPENWEIGH_DATA_DIR=str(tmp_path / "data"))
    if env.get("DATABASE_URL"):
        # A database of its own would need creating; SQLite in the folder is enough here.
        del env["DATABASE_URL"]

    def manage(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    assert manage("migrate", "-v0").returncode == 0
    assert manage("load_catalog").returncode == 0
    found = manage("catalog_model", "Llama 3.1", "--json")
    assert found.returncode == 0
    assert json.loads(found.stdout)["licence"]["category"] == "open_weights_restricted"
    unknown = manage("catalog_model", "Llama 9", "--json")
    assert unknown.returncode == 2
    assert unknown.stderr.strip().startswith("CommandError: no model named 'Llama 9'")
    assert manage("catalog_model", "--list", "--bogus").returncode == 2
