"""mlgov benchmarks: medians, peak memory and ratios against peers on the same inputs.

  make bench                      # everything (a few minutes)
  python bench/run.py --quick     # smaller sizes, one repetition

(a) the embedded engine (its default worker processes, and in one process) vs `opa eval` on the
    same 1k/10k/100k-asset inventories, plus a 90%-governed estate at the largest size;
(b) `mlgov scan` vs `conftest test` (bench/conftest-policies) over the same 1k/10k manifest trees;
(c) `mlgov scan` of a 3.5 MB install bundle and of a repository of kserve's shape (bench/kserve_tree.py);
(d) `mlgov evaluate` of a saved 100k-asset inventory vs what `mlgov scan` spends evaluating the
    same assets and writing the same JSON report (bench/scan_eval_once.py).
Peer binaries come from `scripts/install-test-tools bench` ($MLGOV_TOOLS/bin; `make bench` runs it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

TOOLS = Path(os.environ.get("MLGOV_TOOLS", Path.home() / ".cache" / "mlgov-test-tools")) / "bin"
ENGINE_COLUMNS = [
    "assets",
    "mix",
    "embedded (s)",
    "of which eval (s)",
    "workers",
    "embedded peak MB",
    "one process (s)",
    "opa eval (s)",
    "opa peak MB",
]
ENGINE_HEADER = "| " + " | ".join([*ENGINE_COLUMNS, "one process / embedded", "opa / embedded"]) + " |"
SCAN_COLUMNS = ["manifest files", "mlgov scan (s)", "mlgov peak MB", "conftest test (s)", "conftest peak MB"]
SCAN_HEADER = "| " + " | ".join([*SCAN_COLUMNS, "conftest / mlgov"]) + " |"


@dataclass(frozen=True)
class Measure:
    seconds: float
    peak_mb: float
    stdout: str


def measure(argv: list[str], cwd: Path | None = None, capture: bool = False) -> Measure:
    """Wall time and the child's own peak RSS (os.wait4). Output not needed goes to /dev/null: a
    forked child starts from the harness's resident size, so the harness must stay small."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd
    )
    out = proc.stdout.read() if proc.stdout is not None else b""
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1, 3):
        raise RuntimeError(f"{argv[0]} exited {proc.returncode}")
    return Measure(elapsed, usage.ru_maxrss / 1024, out.decode(errors="replace"))


def median_of(
    runs: int, argv: list[str], cwd: Path | None = None, capture: bool = False
) -> tuple[float, float, Measure]:
    results = [measure(argv, cwd, capture) for _ in range(runs)]
    return statistics.median(r.seconds for r in results), max(r.peak_mb for r in results), results[-1]


def _embedded(runs: int, path: Path, jobs: int | None) -> tuple[float, float, dict[str, float]]:
    """Median wall time, peak MB of the process and its workers together (sampled by the child),
    and the child's own report (eval time, violations, workers used)."""
    argv = [sys.executable, str(REPO / "bench" / "eval_once.py"), str(path)]
    seconds, peak_mb, last = median_of(runs, argv + ([str(jobs)] if jobs else []), capture=True)
    inner = json.loads(last.stdout)
    return seconds, max(peak_mb, inner["tree_peak_mb"]), inner


def engines(sizes: list[tuple[str, int]], runs: int, work: Path) -> list[dict[str, object]]:
    rows = []
    policies = REPO / "policies"
    for mix, size in sizes:
        path = work / f"{mix}-{size}.json"
        kind = "inventory" if mix == "generated" else mix
        subprocess.run(
            [sys.executable, str(REPO / "bench" / "write_inputs.py"), kind, str(size), str(path)], check=True
        )
        embedded_s, embedded_mb, inner = _embedded(runs, path, None)
        alone_s, _, _ = _embedded(runs, path, 1)
        opa_argv = [str(TOOLS / "opa"), "eval", "--format", "json"]
        opa_argv += ["--data", str(policies), "--input", str(path)]
        opa_s, opa_mb, _ = median_of(runs, [*opa_argv, "data.mlgov.rules"])
        rows.append(
            {
                "assets": size,
                "mix": mix,
                "embedded_s": embedded_s,
                "embedded_eval_s": inner["eval_s"],
                "workers": inner["jobs"],
                "embedded_peak_mb": embedded_mb,
                "one_process_s": alone_s,
                "opa_eval_s": opa_s,
                "opa_peak_mb": opa_mb,
                "one_process_over_embedded": alone_s / embedded_s,
                "opa_over_embedded": opa_s / embedded_s,
                "violations": inner["violations"],
            }
        )
        print(
            f"  engines {size:>7} {mix} assets: embedded {embedded_s:6.2f}s ({inner['jobs']:.0f} workers),"
            f" one process {alone_s:6.2f}s, opa eval {opa_s:6.2f}s",
            file=sys.stderr,
        )
    return rows


def scans(sizes: list[int], runs: int, work: Path) -> list[dict[str, object]]:
    rows = []
    for size in sizes:
        tree = work / f"tree-{size}"
        subprocess.run(
            [sys.executable, str(REPO / "bench" / "write_inputs.py"), "tree", str(size), str(tree)],
            check=True,
        )
        mlgov_s, mlgov_mb, _ = median_of(
            runs,
            [
                sys.executable,
                "-m",
                "scanner",
                "scan",
                str(tree),
                "-q",
                "-f",
                "json",
                "-o",
                str(work / "r.json"),
            ],
        )
        conftest_s, conftest_mb, _ = median_of(
            runs,
            [
                str(TOOLS / "conftest"),
                "test",
                "--no-color",
                "-p",
                str(REPO / "bench" / "conftest-policies"),
                str(tree),
            ],
        )
        rows.append(
            {
                "files": size,
                "mlgov_s": mlgov_s,
                "mlgov_peak_mb": mlgov_mb,
                "conftest_s": conftest_s,
                "conftest_peak_mb": conftest_mb,
                "conftest_over_mlgov": conftest_s / mlgov_s,
            }
        )
        print(f"  scan {size:>7} files: mlgov {mlgov_s:6.2f}s  conftest {conftest_s:6.2f}s", file=sys.stderr)
    return rows


def _write(kind: str, size: int, target: Path) -> None:
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "write_inputs.py"), kind, str(size), str(target)], check=True
    )


def _scan_argv(target: Path, work: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "scanner",
        "scan",
        str(target),
        "-q",
        "-f",
        "json",
        "-o",
        str(work / "r.json"),
    ]


def large_inputs(runs: int, work: Path) -> list[dict[str, object]]:
    """A multi-megabyte bundle and a kserve-shaped repository, end to end."""
    bundle, tree = work / "kserve.yaml", work / "kserve-tree"
    _write("bundle", 3_500_000, bundle)
    _write("kserve", 0, tree)
    rows = []
    for name, target in (("3.5 MB bundle", bundle), ("kserve-shaped tree", tree)):
        files = sum(1 for p in target.rglob("*") if p.is_file()) if target.is_dir() else 1
        size = (
            sum(p.stat().st_size for p in target.rglob("*") if p.is_file())
            if target.is_dir()
            else bundle.stat().st_size
        )
        seconds, peak_mb, _ = median_of(runs, _scan_argv(target, work))
        rows.append(
            {"input": name, "files": files, "mb": size / 1e6, "mlgov_s": seconds, "mlgov_peak_mb": peak_mb}
        )
        print(f"  scan {name}: {seconds:6.2f}s", file=sys.stderr)
    return rows


def saved_inventory(runs: int, size: int, work: Path) -> dict[str, object]:
    """`mlgov evaluate` of a saved inventory against scan's evaluation and report of it."""
    path = work / f"saved-{size}.json"
    _write("saved", size, path)
    argv = [sys.executable, "-m", "scanner", "evaluate", str(path), "--now", "2026-11-22T00:00:00Z"]
    argv += ["--fail-on", "none", "-q", "-f", "json", "-o", str(work / "e.json")]
    evaluate_s, evaluate_mb, _ = median_of(runs, argv)
    inner_runs = [
        json.loads(
            measure(
                [sys.executable, str(REPO / "bench" / "scan_eval_once.py"), str(path)], capture=True
            ).stdout
        )
        for _ in range(runs)
    ]
    scan_eval = statistics.median(r["evaluate_s"] for r in inner_runs)
    scan_report = statistics.median(r["report_s"] for r in inner_runs)
    print(
        f"  evaluate {size} assets: {evaluate_s:6.2f}s; scan's evaluation {scan_eval:6.2f}s", file=sys.stderr
    )
    return {
        "assets": size,
        "evaluate_s": evaluate_s,
        "evaluate_peak_mb": evaluate_mb,
        "scan_evaluate_s": scan_eval,
        "scan_report_s": scan_report,
        "ratio": evaluate_s / (scan_eval + scan_report),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="1k/10k inventories, a 1k tree, one run each")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    counts = [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000]
    # the adversarial generated mix at every size; a well-run estate (90% governed) at the largest
    inventory_sizes = [("generated", n) for n in counts] + [("governed", counts[-1])]
    tree_sizes = [1_000] if args.quick else [1_000, 10_000]
    with tempfile.TemporaryDirectory(prefix="mlgov-bench-") as tmp:
        work = Path(tmp)
        engine_rows = engines(inventory_sizes, runs, work)
        scan_rows = scans(tree_sizes, runs, work)
        large_rows = large_inputs(runs, work)
        saved = saved_inventory(runs, counts[-1], work)
    print(
        f"\nmachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"median of {runs} run(s)\n"
    )
    print(ENGINE_HEADER)
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in engine_rows:
        print(
            f"| {r['assets']:,} | {r['mix']} | {r['embedded_s']:.2f} | {r['embedded_eval_s']:.2f} | "
            f"{r['workers']} | {r['embedded_peak_mb']:.0f} | {r['one_process_s']:.2f} | "
            f"{r['opa_eval_s']:.2f} | {r['opa_peak_mb']:.0f} | {r['one_process_over_embedded']:.1f}x | "
            f"{r['opa_over_embedded']:.1f}x |"
        )
    generated = [r for r in engine_rows if r["mix"] == "generated"]
    if len(generated) >= 2:
        small, large = generated[-2], generated[-1]
        growth = float(large["embedded_s"]) / float(small["embedded_s"])  # type: ignore[arg-type]
        print(f"\nembedded: {large['assets']:,} vs {small['assets']:,} assets costs {growth:.1f}x the time")
    print("\n" + SCAN_HEADER)
    print("|---:|---:|---:|---:|---:|---:|")
    for r in scan_rows:
        print(
            f"| {r['files']:,} | {r['mlgov_s']:.2f} | {r['mlgov_peak_mb']:.0f} | {r['conftest_s']:.2f} | "
            f"{r['conftest_peak_mb']:.0f} | {r['conftest_over_mlgov']:.1f}x |"
        )
    print("\n| input | files | MB | mlgov scan (s) | mlgov peak MB |")
    print("|---|---:|---:|---:|---:|")
    for r in large_rows:
        print(
            f"| {r['input']} | {r['files']} | {r['mb']:.1f} | {r['mlgov_s']:.2f} | {r['mlgov_peak_mb']:.0f} |"
        )
    print(
        "\n| saved assets | mlgov evaluate (s) | peak MB | scan: evaluation (s) | scan: JSON report (s) "
        "| evaluate / (evaluation + report) |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {saved['assets']:,} | {saved['evaluate_s']:.2f} | {saved['evaluate_peak_mb']:.0f} | "
        f"{saved['scan_evaluate_s']:.2f} | {saved['scan_report_s']:.2f} | {saved['ratio']:.2f}x |"
    )
    if args.json:
        results = {"engines": engine_rows, "scans": scan_rows, "large": large_rows, "saved": saved}
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
