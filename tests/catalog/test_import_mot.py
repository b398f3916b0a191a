"""`manage.py import_mot DIR_OR_FILES`: refreshes training code and data openness from Model
Openness Tool records into a new version; a malformed record stops the whole import."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import services
from catalog.models import CatalogVersion, Model
from tests.catalog.conftest import MOT_DIR, attempt, refused, run

OLMO_LIKE = """\
framework:
  name: 'Model Openness Framework'
  version: '1.0'
  date: '2024-12-15'
release:
  name: Llama-3.1-8B
  version: 8B
  date: '2026-01-02'
  producer: Meta
  license:
    distribution:
      name: 'Llama 3.1 Community License Agreement'
      path: 'https://www.llama.com/llama3_1/license/'
  components:
    -
      name: 'Training code'
      description: 'Code used for training the model'
      license: Apache-2.0
    -
      name: 'Inference code'
"""


def openness() -> list[tuple[Any, ...]]:
    return list(
        Model.objects.order_by("pk").values_list(
            "version", "name", "training_code", "training_data", "provenance"
        )
    )


def test_it_imports_the_shipped_records_with_nothing_changed(
    catalog_v1: int, shared_data: Path
) -> None:
    lines = run("import_mot", MOT_DIR).splitlines()
    assert lines == [
        "Catalog version 2: 0 added, 0 changed, 28 unchanged.",
        "  259 record(s) describe no catalog model and were not used",
    ]
    assert CatalogVersion.objects.get(number=2).kind == "mot_openness"
    llama = Model.objects.get(version=2, name="Llama 3.1")
    assert (llama.training_code, llama.training_code_note) == (
        "closed",
        "no training code released; inference code only",
    )
    assert llama.provenance["training_code"] == {
        "source": "Model Openness Tool, models/Llama-3.1-8B.yml",
        "as_of": "2025-05-26",
    }


def test_it_reports_a_change_from_a_single_file(catalog_v1: int, tmp_path: Path) -> None:
    path = tmp_path / "Llama-3.1-8B.yml"
    path.write_text(OLMO_LIKE)
    lines = run("import_mot", path, "--label", "MOT test copy").splitlines()
    assert lines == [
        "Catalog version 2: 0 added, 1 changed, 1 unchanged.",
        "  changed Llama 3.1 training code: closed → open",
    ]
    llama = Model.objects.get(version=2, name="Llama 3.1")
    assert (llama.training_code, llama.training_code_note, llama.set_in_id) == (
        "open",
        "Training code: released (Apache-2.0)",
        2,
    )
    assert llama.provenance["training_code"] == {
        "source": "MOT test copy, models/Llama-3.1-8B.yml",
        "as_of": "2026-01-02",
    }
    assert (
        services.model_facts("Llama 3.1", version=1)["facts"]["training_code"]["value"] == "closed"
    )
    assert services.model_facts("Llama 3.1")["facts"]["training_code"]["value"] == "open"


def test_it_imports_nothing_when_one_of_the_records_is_malformed(
    catalog_v1: int, tmp_path: Path
) -> None:
    (tmp_path / "Llama-3.1-8B.yml").write_text(OLMO_LIKE)
    (tmp_path / "Mistral-7B-v0.1.yml").write_text(OLMO_LIKE.replace("'2026-01-02'", "2026-13-45"))
    (tmp_path / "GPT-4o.yml").write_text("framework: [\n")
    before = openness()
    assert refused("import_mot", tmp_path) == (
        "GPT-4o.yml: line 2: not valid YAML: expected the node content, but found '<stream end>'\n"
        "Mistral-7B-v0.1.yml: line 8: not a valid value: month must be in 1..12"
    )
    assert openness() == before
    assert CatalogVersion.objects.count() == 1


def test_it_refuses_missing_paths_empty_folders_and_repeated_names(
    catalog_v1: int, tmp_path: Path
) -> None:
    assert (
        refused("import_mot", tmp_path / "nope") == f"{tmp_path / 'nope'}: no such file or folder"
    )
    assert refused("import_mot", tmp_path) == f"{tmp_path}: no .yml or .yaml files in this folder"
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "x.yml").write_text(OLMO_LIKE)
    assert refused("import_mot", tmp_path / "a", tmp_path / "b") == (
        "two records with the same file name: x.yml"
    )


def test_it_refuses_an_empty_catalog(db: None, tmp_path: Path) -> None:
    (tmp_path / "x.yml").write_text(OLMO_LIKE)
    assert (
        refused("import_mot", tmp_path)
        == "the catalog is empty: run `manage.py load_catalog` first"
    )


@pytest.fixture
def record_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "records"
    folder.mkdir()
    return folder


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=st.sampled_from(range(len(OLMO_LIKE.splitlines()))), text=st.text(max_size=30))
def test_it_either_imports_all_or_nothing_for_any_edit_of_a_record(
    catalog_v1: int, record_dir: Path, line: int, text: str
) -> None:
    lines = OLMO_LIKE.splitlines()
    lines[line] = text
    shutil.rmtree(record_dir)
    record_dir.mkdir()
    (record_dir / "Llama-3.1-8B.yml").write_text("\n".join(lines) + "\n")
    (record_dir / "Mistral-7B-v0.1.yml").write_text(
        OLMO_LIKE.replace("Llama-3.1-8B", "Mistral-7B-v0.1")
    )
    with transaction.atomic():
        before = openness()
        status, output = attempt("import_mot", record_dir)
        if status:
            assert status == 2
            assert output.startswith("Llama-3.1-8B.yml: ")
            assert openness() == before
            assert services.current_version() == 1
        else:
            assert output.startswith("Catalog version 2: ")
            # Both records were used: the valid Mistral one always changes training code.
            assert Model.objects.get(version=2, name="Mistral 7B").training_code == "open"
        transaction.set_rollback(True)
