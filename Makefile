# mlgov developer commands. `make test` is what CI (.ci/run) and the README run.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export MLGOV_TOOLS ?= $(HOME)/.cache/mlgov-test-tools

.PHONY: venv test test-fast test-services lint typecheck policy-lint bench clean

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
	$(PY) -m pytest -q -m "not services" -x

# The full tier: installs the real test services into a reused cache, then everything.
test: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache
