"""Ensembles: scenarios per second in process and on a 2-worker local Dask cluster, peak memory.

Each measurement runs in a fresh process (``python benchmarks/ensemble_bench.py child ...``), so
its peak resident memory (``VmHWM``) is its own. The ensemble is the Guangzhou baseline,
every target and the default levers (every funding lever and each target's trend), written to
Parquet. The Dask run starts a local cluster of 2 one-thread worker processes (its start-up is
timed apart); its workers' peak memory is asked of each worker. Both files must be identical,
byte for byte, before any time is reported. Peak memory is measured at two sizes to show it does
not grow with the number of scenarios.

    python benchmarks/ensemble_bench.py [--quick]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FULL = {"sizes": (250, 1_000), "draws": 10_000}
QUICK = {"sizes": (20, 60), "draws": 2_000}


def _peak_mb() -> float:
    """This process's peak resident memory (Linux ``VmHWM``; ``ru_maxrss`` would carry over the
    peak of the process that started it, across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes elsewhere


def child(mode: str, n: int, draws: int, out: str) -> dict[str, float]:
    """Run one ensemble in this process (mode "inproc") or on a 2-worker Dask cluster ("dask")."""
    from ipsim.analysis.ensemble import ensemble

    arguments = {"n": n, "draws": draws, "rng": 1, "output": out, "force": True}
    if mode == "inproc":
        start = time.perf_counter()
        ensemble("baseline", **arguments)
        return {"seconds": time.perf_counter() - start, "peak_mb": _peak_mb()}
    from ipsim.analysis.cluster import dask_executor

    start = time.perf_counter()
    with dask_executor(workers=2) as pool:
        ready = time.perf_counter()
        ensemble("baseline", executor=pool, **arguments)
        seconds = time.perf_counter() - ready
        workers = pool._client.run(_peak_mb)  # type: ignore[attr-defined]
    return {
        "seconds": seconds,
        "startup": ready - start,
        "peak_mb": _peak_mb(),
        "worker_peak_mb": max(workers.values()),
    }


def measure(mode: str, n: int, draws: int, folder: Path) -> dict[str, float | str]:
    """One ensemble in a fresh process: its times, peak memory and the file's sha256."""
    out = folder / f"{mode}-{n}.parquet"
    command = [sys.executable, __file__, "child", mode, str(n), str(draws), str(out)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    result: dict[str, float | str] = json.loads(done.stdout.strip().splitlines()[-1])
    result["sha256"] = hashlib.sha256(out.read_bytes()).hexdigest()
    return result


def compare(sizes: tuple[int, ...], draws: int) -> list[dict[str, Any]]:
    """Each size in process and on Dask; the files must match."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            alone = measure("inproc", n, draws, Path(tmp))
            dask = measure("dask", n, draws, Path(tmp))
            if alone["sha256"] != dask["sha256"]:
                raise AssertionError(
                    f"{n} scenarios: the Dask file differs from the in-process one"
                )
            rows.append({"n": n, "draws": draws, "inproc": alone, "dask": dask})
    return rows


def print_table(rows: list[dict[str, Any]]) -> None:
    print("\nensembles of the baseline (every target, default levers), to Parquet:")
    for row in rows:
        a, d = row["inproc"], row["dask"]
        print(
            f"  {row['n']:>6,} scenarios x {row['draws']:,} draws: in process "
            f"{row['n'] / a['seconds']:6.1f}/s, peak {a['peak_mb']:.0f} MB; Dask 2 workers "
            f"{row['n'] / d['seconds']:6.1f}/s (+{d['startup']:.1f} s start-up), peak "
            f"{d['peak_mb']:.0f} MB client, {d['worker_peak_mb']:.0f} MB per worker; identical files"
        )


def markdown(rows: list[dict[str, Any]]) -> list[str]:
    """The section of docs/benchmarks.md."""
    lines = [
        "## Ensembles in process and on Dask",
        "",
        "The Guangzhou baseline, every target, the default levers (every funding lever and each",
        "target's trend, Latin hypercube), written to Parquet; each run in a fresh process. The",
        "Dask run uses a local cluster of 2 one-thread worker processes (`--workers 2`); its",
        "start-up is not in its rate. The two files are identical, byte for byte, at every size.",
        "",
        "| scenarios x draws | in process | peak memory | Dask, 2 workers | start-up | "
        "peak memory (client / each worker) |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        a, d = row["inproc"], row["dask"]
        lines.append(
            f"| {row['n']:,} x {row['draws']:,} | {row['n'] / a['seconds']:.1f} scenarios/s "
            f"({a['seconds']:.0f} s) | {a['peak_mb']:.0f} MB | {row['n'] / d['seconds']:.1f} "
            f"scenarios/s ({d['seconds']:.0f} s) | {d['startup']:.1f} s | {d['peak_mb']:.0f} MB / "
            f"{d['worker_peak_mb']:.0f} MB |"
        )
    lines.append("")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    print_table(compare(**(QUICK if args.quick else FULL)))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "child":
        _, _, mode, n, draws, out = sys.argv
        print(json.dumps(child(mode, int(n), int(draws), out)))
    else:
        main()
