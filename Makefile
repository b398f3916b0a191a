# openweigh — `make run` sets everything up and starts it; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.13 2>/dev/null || pyenv which python3.13 2>/dev/null)
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.8
UV := .tools/bin/uv
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never

.PHONY: help setup run test bench lint fmt typecheck check lock clean

help:
	@echo "make run        set up (virtualenv, locked deps, migrations, demo data) and start web + worker"
	@echo "make test       run the whole test suite"
	@echo "make bench      run the benchmarks (figures for the README)"
	@echo "make check      ruff (lint + format check) and mypy"
	@echo "make lock       re-resolve requirements*.lock from pyproject.toml"

$(UV):
	@test -n "$(PYTHON)" || { echo "Python 3.13 not found: install it (e.g. 'pyenv install 3.13') or pass PYTHON=/path/to/python3.13"; exit 1; }
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv==$(UV_VERSION)

# The virtualenv is rebuilt whenever a lock file changes.
$(VENV)/.synced: requirements-dev.lock | $(UV)
	test -x $(PY) || $(UV) venv --quiet --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --python $(PY) requirements-dev.lock
	touch $@

setup: $(VENV)/.synced

# Migrates, seeds the demo organisation and starts everything: see scripts/run.sh.
run: setup
	PORT=$(PORT) PY=$(PY) scripts/run.sh

test: setup
	$(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(PY) bench/run_all.py

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: setup
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

typecheck: setup
	$(VENV)/bin/mypy .

check: setup lint typecheck

lock: $(UV)
	$(UV) pip compile pyproject.toml --python-version 3.13 --generate-hashes --no-header --quiet -o requirements.lock
	$(UV) pip compile pyproject.toml --group dev --python-version 3.13 --generate-hashes --no-header --quiet -o requirements-dev.lock

clean:
	rm -rf $(VENV) .tools .pytest_cache .mypy_cache .ruff_cache
