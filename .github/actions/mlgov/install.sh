#!/usr/bin/env bash
# The install step of the mlgov action, as a script so that it runs (and is tested) outside GitHub.
#
# mlgov is not on PyPI: the action installs it from its own checkout, the repository it lives in at
# the ref the workflow named (`uses: OWNER/mlgov/.github/actions/mlgov@REF`), found three levels
# above GITHUB_ACTION_PATH. It goes into a venv of its own under RUNNER_TEMP, so it works on runners
# whose system Python refuses `pip install` (PEP 668) and never mixes with the project's packages.
#
# Inputs (environment): GITHUB_ACTION_PATH (set by the runner), RUNNER_TEMP, MLGOV_EXTRAS
# (comma-separated extras such as aws,mlflow), MLGOV_PYTHON (default python3, 3.10 or later).
# GitHub files: writes bin=<the installed mlgov> to $GITHUB_OUTPUT.
set -euo pipefail

root="$(cd "${GITHUB_ACTION_PATH:?is set by the runner}/../../.." && pwd)"
venv="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/mlgov-venv"
spec="$root${MLGOV_EXTRAS:+[$MLGOV_EXTRAS]}"

"${MLGOV_PYTHON:-python3}" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$spec"
"$venv/bin/mlgov" --version
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  echo "bin=$venv/bin/mlgov" >> "$GITHUB_OUTPUT"
fi
