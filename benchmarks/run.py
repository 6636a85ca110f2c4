"""The benchmark suite: every budget of DESIGN.md, scaling, and ipsim against the alternatives.

    python benchmarks/run.py            # full run, prints the tables, writes docs/benchmarks.md
    python benchmarks/run.py --quick    # seconds; what .ci/run runs (reports, never fails)

The alternatives need statsmodels (``pip install -e ".[bench]"``).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import alternatives
import bench_core
import ensemble_bench
import whole_plan

ROOT = Path(__file__).resolve().parents[1]


def scaling_draws(quick: bool) -> list[tuple[int, float, float]]:
    from ipsim.scenario import load_scenario
    from ipsim.simulate import simulate

    scenario = load_scenario("baseline")
    out = []
    for draws in (1_000, 10_000, 100_000) if quick else (1_000, 10_000, 100_000, 1_000_000):
        start = time.perf_counter()
        simulate(scenario, draws=draws, rng=1)
        seconds = time.perf_counter() - start
        tracemalloc.start()
        simulate(scenario, draws=draws, rng=1)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        out.append((draws, seconds, peak))
    return out


def scaling_horizon(quick: bool) -> list[tuple[int, float, float]]:
    """Time and memory at 10,000 draws as the projection runs 5 to 30 years."""
    from ipsim.plan import load_plan
    from ipsim.scenario import load_scenario
    from ipsim.simulate import simulate

    scenario = load_scenario("baseline")
    text = Path(load_plan(scenario.plan).path).read_text(encoding="utf-8")
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        plan_path = Path(tmp) / "long-plan.yaml"
        plan_path.write_text(text.replace("horizon: 2020", "horizon: 2046", 1), encoding="utf-8")
        for years in (5, 10) if quick else (5, 10, 20, 30):
            longer = dataclasses.replace(
                scenario, plan=str(plan_path), horizon=scenario.base_year + years, base_dir=tmp
            )
            start = time.perf_counter()
            simulate(longer, draws=10_000, rng=1)
            seconds = time.perf_counter() - start
            tracemalloc.start()
            simulate(longer, draws=10_000, rng=1)
            peak = tracemalloc.get_traced_memory()[1] / 1e6
            tracemalloc.stop()
            out.append((years, seconds, peak))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-write", action="store_true", help="do not write docs/benchmarks.md")
    args = parser.parse_args()
    rows = bench_core.collect(args.quick)
    bench_core.print_rows(rows, args.quick)
    draws = scaling_draws(args.quick)
    horizon = scaling_horizon(args.quick)
    print("\nscaling with draws (all 18 indicators, 2016-2020):")
    for n, s, m in draws:
        print(f"  {n:>9,} draws  {s * 1e3:9.1f} ms  {m:8.1f} MB")
    print("scaling with horizon (10,000 draws):")
    for y, s, m in horizon:
        print(f"  {y:>3} years  {s * 1e3:9.1f} ms  {m:8.1f} MB")
    n_alt = 20_000 if args.quick else 100_000
    try:
        alt = alternatives.compare(n_alt)
        fit = alternatives.statsmodels_fit_seconds()
    except ImportError as err:
        print(f"\nalternatives skipped: {err} (pip install -e '.[bench]')")
        alt, fit = [], float("nan")
    if alt:
        print(
            f"\nthe same question four ways ({n_alt:,} draws; closed form {alternatives.exact():.4f}):"
        )
        for r in alt:
            print(
                f"  {r['method']:<38} P={r['p_met']:.4f} {'agrees' if r['agrees'] else 'DISAGREES'}"
                f"  {r['seconds'] * 1e3:9.1f} ms  x{r['ratio']:.2f} of ipsim"
            )
        print(f"  (fitting the ARIMA to a 20-year series takes another {fit * 1e3:.1f} ms)")
    whole = section(whole_plan, args.quick, "whole-plan comparison", "bench")
    whole += section(ensemble_bench, args.quick, "ensemble comparison", "dask")
    if not args.quick and not args.no_write:
        write(rows, draws, horizon, alt, fit, n_alt, whole)


def section(module, quick: bool, what: str, extra: str) -> list[str]:
    """A comparison module's run (``compare``, ``print_table``, ``markdown``, sizes ``QUICK``
    and ``FULL``): printed, and its lines of docs/benchmarks.md; skipped, saying which extra to
    install, when a package it needs is missing."""
    try:
        result = module.compare(**(module.QUICK if quick else module.FULL))
    except ImportError as err:
        print(f"\n{what} skipped: {err} (pip install -e '.[{extra}]')")
        return []
    module.print_table(result)
    return module.markdown(result)


def write(rows, draws, horizon, alt, fit, n_alt, whole) -> None:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.date.today().isoformat()} with `python benchmarks/run.py` on "
        f"{bench_core.machine()}. Best of 5 (of 1 for whole-command and slow rows).",
        "",
        "## Budgets of DESIGN.md",
        "",
        "| what | time | peak memory | budget |",
        "|---|---|---|---|",
        *(f"| {a} | {b.strip()} | {c.strip() or '-'} | {d} |" for a, b, c, d in rows),
        "",
        "## Scaling",
        "",
        "| draws | time | peak memory |",
        "|---|---|---|",
        *(f"| {n:,} | {s * 1e3:.1f} ms | {m:.1f} MB |" for n, s, m in draws),
        "",
        "| horizon (years, 10,000 draws) | time | peak memory |",
        "|---|---|---|",
        *(f"| {y} | {s * 1e3:.1f} ms | {m:.1f} MB |" for y, s, m in horizon),
        "",
        "## The same question, answered four ways",
        "",
        f"P(CAGR 2016-2020 >= 18 %) for a log random walk with drift ln 1.17 and volatility 0.10; "
        f"closed form {alternatives.exact():.4f}; {n_alt:,} draws each. Every answer agrees with the "
        "closed form within 4 Monte Carlo standard errors before its time counts.",
        "",
        "| method | P(met) | agrees | time | vs ipsim |",
        "|---|---|---|---|---|",
        *(
            f"| {r['method']} | {r['p_met']:.4f} | {'yes' if r['agrees'] else 'NO'} | "
            f"{r['seconds'] * 1e3:.1f} ms | {r['ratio']:.2f}x |"
            for r in alt
        ),
        "",
        f"Fitting the ARIMA(0,1,0) with drift to a 20-year series takes another {fit * 1e3:.1f} ms.",
        "",
        *whole,
        "## Notes",
        "",
        "- `simulate` at 100,000 draws was 452 ms against its 250 ms budget. Profiled with",
        "  pyinstrument and fixed, each step measured warm (best of 7) on this machine:",
        "  models write into the result buffer in place (452 -> 365 ms); the small-mean Poisson",
        "  inversion is compiled with numba (365 -> 303 ms); running sums add whole columns",
        "  instead of `np.cumsum` along the 4-year axis, which pays a per-row overhead (-> 246 ms);",
        "  the large-mean Poisson correction computes `z*z*z` instead of `z**3` (pow() was 18 ms",
        "  of it) and needs one `pdtr` call per uncertain count instead of three (-> 224 ms);",
        "  count indicators whose means all take one path skip the masking (-> about 210 ms).",
        "  The large-mean guess is compiled too (-> about 205 ms). Draws are simulated in chunks",
        "  of 512 KB per temporary: the same numbers, about 5 % faster, and peak memory at",
        "  1,000,000 draws falls from 1,028 to 757 MB (a 720 MB result). Elasticities are drawn",
        "  only where a budget is off plan (with the budget as planned, funding has no effect):",
        "  -> about 190 ms for the baseline; the high-funding row draws every one.",
        "- A first call in a fresh process is slower (the first-call row) because its memory is",
        "  new to the process: on this machine (a virtual machine) filling a fresh 72 MB array",
        "  took 88 ms the first time and 5 ms the second, in the same process. The budget rows",
        "  are the best of 5 calls right after start-up; the scaling rows come later, in a",
        "  process the earlier rows have warmed.",
        "- What is left is mostly intrinsic: 7.2 million normal shocks take about 60 ms with",
        "  numpy's ziggurat here, the exact Poisson inversion about 45 ms (kept exact so that",
        "  counts never fall when funding rises, draw by draw).",
        "- numba is a dependency; where it cannot be installed ipsim falls back to numpy with the",
        "  same numbers, and `simulate` at 100,000 draws then takes about 260 ms.",
        "- The plain numpy floor answers one fixed-parameter question; ipsim draws every input,",
        "  keeps named random streams (common random numbers), funding and shocks, for any plan.",
        "- On the day of this run the virtual machine was slower than on earlier days: 7.2 million",
        "  normals took 79 ms (60 ms before), and `simulate` at 100,000 draws took 319 ms with the",
        "  code as of commit ec04f20 and 324 ms with this one, measured back to back; the budget",
        "  rows above reflect the machine, not a change in ipsim. The briefing now also runs PRIM",
        '  for its "what could make us miss" sentence: 0.15 s warm, 0.58 s on a first call.',
        "- Dask sets `MALLOC_TRIM_THRESHOLD_` for the workers it spawns; with it each chunk took twice",
        "  as long on a worker as in process (fresh pages for every large array, 1.2 s against",
        "  0.57 s for 10 scenarios x 10,000 draws). The local cluster ipsim starts leaves it unset;",
        "  on a cluster of your own, unset `distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_`",
        "  or start workers with `--no-nanny`.",
        "",
    ]
    (ROOT / "docs" / "benchmarks.md").write_text("\n".join(lines), encoding="utf-8")
    print(f"\nwrote {ROOT / 'docs' / 'benchmarks.md'}")


if __name__ == "__main__":
    main()
