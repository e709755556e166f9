#!/usr/bin/env bash
# The scan step of the mlgov action, as a script so that it runs (and is tested) outside GitHub.
#
# Inputs (environment): MLGOV_PATHS (space-separated), MLGOV_CONFIG, MLGOV_FAIL_ON, MLGOV_FORMATS
# (comma-separated, besides sarif, markdown and json), MLGOV_OUTPUT_DIR, MLGOV_ARGS (extra flags).
# GitHub files: appends report.md to $GITHUB_STEP_SUMMARY; writes exit-code, sarif and report-dir
# to $GITHUB_OUTPUT. Never fails itself on findings: the action's last step applies the exit code
# after the SARIF upload, so findings are uploaded even when the gate fails.
set -uo pipefail

mlgov_bin="${MLGOV_BIN:-mlgov}"
out="${MLGOV_OUTPUT_DIR:-mlgov-reports}"
formats="sarif,markdown,json${MLGOV_FORMATS:+,$MLGOV_FORMATS}"
read -r -a paths <<< "${MLGOV_PATHS:-.}"
args=(scan "${paths[@]}" --fail-on "${MLGOV_FAIL_ON:-high}" -f "$formats" --output-dir "$out")
[ -n "${MLGOV_CONFIG:-}" ] && args+=(--config "$MLGOV_CONFIG")
if [ -n "${MLGOV_ARGS:-}" ]; then
  read -r -a extra <<< "$MLGOV_ARGS"
  args+=("${extra[@]}")
fi

mkdir -p "$out"
"$mlgov_bin" "${args[@]}"
code=$?

if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$out/report.md" ]; then
  cat "$out/report.md" >> "$GITHUB_STEP_SUMMARY"
fi
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  {
    echo "exit-code=$code"
    echo "sarif=$out/report.sarif"
    echo "report-dir=$out"
  } >> "$GITHUB_OUTPUT"
fi
# 2 (usage, config, policy or engine error) is the tool failing: stop here, nothing to upload
[ "$code" -eq 2 ] && exit 2
exit 0
