"""Precision and recall of mlgov on the real-world regression corpus (tests/fixtures/realworld).

  python bench/corpus_accuracy.py            # a Markdown table for docs/benchmarks.md

Assets: an expected asset found is a true positive, an asset found but not expected a false
positive (a controller or tool read as a model), an expected asset not found a false negative
(a blind spot). Findings: per rule, a failing (rule, asset) pair the case does not expect is a
false alarm, an expected pair not reported is a miss. Exit codes and coverage errors are counted
as cases that match or not. The corpus test asserts all of it; this script measures it, so the
same numbers can be taken from an older checkout.
"""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.realworld.corpus import failing_rules, load_cases, run_case


def ratio(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "n/a"


def main() -> int:
    cases = load_cases()
    tp = fp = fn = 0
    fp_rules: Counter[str] = Counter()
    fn_rules: Counter[str] = Counter()
    tp_findings = 0
    exact = 0
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            outcome = run_case(case, Path(tmp))
            exact += not outcome.problems
            found = failing_rules(outcome.report) if outcome.report else {}
            expected = {i: a.findings for i, a in case.assets.items()}
            tp += len(set(found) & set(expected))
            fp += len(set(found) - set(expected))
            fn += len(set(expected) - set(found))
            for asset_id in set(found) | set(expected):
                got, want = found.get(asset_id, set()), expected.get(asset_id, frozenset())
                tp_findings += len(got & want)
                fp_rules.update(got - want)
                fn_rules.update(want - got)
    fp_findings, fn_findings = sum(fp_rules.values()), sum(fn_rules.values())
    print(f"corpus: {len(cases)} cases, {exact} exactly as expected\n")
    print("| | expected | found | true pos. | false pos. | false neg. | precision | recall |")
    print("|---|---|---|---|---|---|---|---|")
    assets = [tp + fn, tp + fp, tp, fp, fn, ratio(tp, tp + fp), ratio(tp, tp + fn)]
    print("| assets | " + " | ".join(map(str, assets)) + " |")
    tpf = tp_findings
    findings = [tpf + fn_findings, tpf + fp_findings, tpf, fp_findings, fn_findings]
    findings += [ratio(tpf, tpf + fp_findings), ratio(tpf, tpf + fn_findings)]
    print("| failing (rule, asset) | " + " | ".join(map(str, findings)) + " |")
    rules = sorted(set(fp_rules) | set(fn_rules))
    if rules:
        print("\n| rule | false alarms | misses |\n|---|---|---|")
        for rule in rules:
            print(f"| {rule} | {fp_rules[rule]} | {fn_rules[rule]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
