# mlgov developer commands. `make test` is what CI (.ci/run) and the README run.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export MLGOV_TOOLS ?= $(HOME)/.cache/mlgov-test-tools

.PHONY: venv test test-fast test-tools lint typecheck bench clean

$(VENV)/.installed: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

venv: $(VENV)/.installed

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: venv
	$(VENV)/bin/mypy

# The quick tier: no services, seconds.
test-fast: venv
	$(PY) -m pytest -q -m "not services and not slow" -x -p no:cacheprovider

# Real services (OPA, conftest, Regal, etcd, kube-apiserver, MLflow, Chromium) into $(MLGOV_TOOLS).
test-tools:
	scripts/install-test-tools

# The full tier: everything CI runs.
test: venv test-tools
	$(VENV)/bin/ruff check --no-cache .
	$(VENV)/bin/ruff format --no-cache --check .
	$(VENV)/bin/mypy
	$(PY) -m pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache

# Benchmarks (not timed tests): medians, peak memory and ratios against opa eval and conftest.
bench: venv test-tools
	$(PY) bench/run.py
