"""Ensembles: the design, common random numbers, executors, chunked resumable Parquet, the CLI."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import ipsim.plan
from ipsim.analysis.ensemble import design_points, ensemble
from ipsim.cli.commands import main
from ipsim.errors import ArgumentError
from ipsim.scenario import load_scenario

VARY = {"funding.creation": (0.5, 2.0), "growth.invention_apps": None}
TARGETS = ["invention_apps", "hitech_invention_apps"]
SMALL = {"n": 7, "draws": 300, "vary": VARY, "target": TARGETS, "chunk": 2}


@pytest.fixture(scope="module")
def baseline():
    return load_scenario("baseline")


def test_rows_columns_and_ranges(baseline):
    frame = ensemble(baseline, "lhs", **SMALL).to_frame()
    assert list(frame.columns) == [
        "scenario",
        "scenario_name",
        "plan",
        "funding.creation",
        "growth.invention_apps",
        "target",
        "p_met",
        "median",
        "p05",
        "p95",
        "p_all_met",
    ]
    assert len(frame) == 7 * 2
    assert frame["scenario"].tolist() == [i for i in range(7) for _ in TARGETS]
    assert frame["target"].tolist() == TARGETS * 7
    assert frame["funding.creation"].between(0.5, 2.0).all()
    assert frame["p_met"].between(0, 1).all()
    assert (frame["p05"] <= frame["median"]).all()
    assert (frame["median"] <= frame["p95"]).all()


def test_designs():
    ranges = [(0.0, 1.0), (2.0, 4.0)]
    assert design_points("grid", ranges, 10).shape == (9, 2)  # 3 x 3, the largest grid <= 10
    sobol = design_points("sobol", ranges, 6)  # no power of two: no warning, a prefix
    assert np.array_equal(sobol, design_points("sobol", ranges, 8)[:6])
    lhs = design_points("lhs", ranges, 5)
    assert np.array_equal(lhs, design_points("lhs", ranges, 5))  # a fixed seed
    # a Latin hypercube: one point in each fifth of each range
    assert sorted(np.floor((lhs[:, 0] - 0.0) / 0.2).astype(int)) == [0, 1, 2, 3, 4]


def test_common_random_numbers_make_p_met_monotone_in_funding(baseline):
    frame = ensemble(
        baseline, "grid", n=6, draws=400, vary=["funding.creation"], target="invention_apps"
    ).to_frame()
    ordered = frame.sort_values("funding.creation")
    assert ordered["p_met"].is_monotonic_increasing
    assert ordered["p_met"].iloc[-1] > ordered["p_met"].iloc[0]


def test_same_rows_whatever_the_chunks_and_executor(baseline):
    alone = ensemble(baseline, "sobol", **SMALL).to_frame()
    with ThreadPoolExecutor(2) as pool:
        pooled = ensemble(baseline, "sobol", **{**SMALL, "chunk": 3}, executor=pool).to_frame()
    pd.testing.assert_frame_equal(alone, pooled, check_exact=True)


def test_parquet_the_same_in_process_and_on_two_threads(baseline, tmp_path):
    alone, pooled = tmp_path / "alone.parquet", tmp_path / "pooled.parquet"
    ensemble(baseline, **SMALL, output=alone)
    with ThreadPoolExecutor(2) as pool:
        ensemble(baseline, **SMALL, output=pooled, executor=pool)
    assert alone.read_bytes() == pooled.read_bytes()
    assert not (tmp_path / "alone.parquet.partial").exists()


class _InterruptedError(Exception):
    pass


def _stop_after(chunks):
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == chunks:
            raise _InterruptedError

    return progress


def test_interrupted_run_resumes_to_the_same_file(baseline, tmp_path):
    whole, resumed = tmp_path / "whole.parquet", tmp_path / "resumed.parquet"
    ensemble(baseline, **SMALL, output=whole)
    with pytest.raises(_InterruptedError):
        ensemble(baseline, **SMALL, output=resumed, progress=_stop_after(2))
    assert not resumed.exists()
    assert len(list((tmp_path / "resumed.parquet.partial").glob("chunk-*.parquet"))) == 2
    seen = []
    ensemble(baseline, **SMALL, output=resumed, progress=lambda done, total: seen.append(done))
    assert seen == [6, 7]  # the two chunks left of four: 2 x 2 stored, then 2 and 1
    assert resumed.read_bytes() == whole.read_bytes()
    assert not (tmp_path / "resumed.parquet.partial").exists()


def test_a_finished_file_is_not_recomputed(baseline, tmp_path):
    out = tmp_path / "r.parquet"
    ensemble(baseline, **SMALL, output=out)
    before = out.stat().st_mtime_ns
    seen = []
    ensemble(baseline, **SMALL, output=out, progress=lambda done, total: seen.append(done))
    assert seen == [7]
    assert out.stat().st_mtime_ns == before


def test_refuses_to_resume_with_other_arguments(baseline, tmp_path):
    out = tmp_path / "r.parquet"
    with pytest.raises(_InterruptedError):
        ensemble(baseline, **SMALL, output=out, progress=_stop_after(1))
    other = {**SMALL, "draws": 301}
    with pytest.raises(ArgumentError, match="unfinished ensemble with other arguments"):
        ensemble(baseline, **other, output=out)
    ensemble(baseline, **other, output=out, force=True)
    with pytest.raises(ArgumentError, match="exists and is not this ensemble"):
        ensemble(baseline, **SMALL, output=out)
    assert pd.read_parquet(out).shape == (14, 11)


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        ({"design": "random"}, "design"),
        ({"n": 0}, "n"),
        ({"draws": 0}, "draws"),
        ({"chunk": 0}, "chunk"),
        ({"vary": "funding.creation"}, "vary"),
        ({"vary": ["funding.nothing"]}, "unknown lever"),
        ({"vary": {"funding.creation": (2.0, 1.0)}}, "increasing"),
        ({"design": "grid", "n": 3, "vary": ["funding.creation", "funding.finance"]}, "grid"),
    ],
)
def test_bad_arguments(baseline, keywords, message):
    with pytest.raises(ArgumentError, match=message):
        ensemble(baseline, **{"n": 4, "draws": 10, **keywords})


@pytest.mark.parametrize(
    "extra",
    [
        ["--vary", "funding.creation=a:b"],
        ["--vary", "funding.creation=1"],
        ["--vary", "funding.creation", "--vary", "funding.creation"],
        ["--vary", "funding.nothing"],
        ["--design", "grid", "--n", "1"],
    ],
)
def test_cli_bad_input_exits_2(tmp_path, extra, capsys):
    argv = ["ensemble", "baseline", "--n", "4", "--draws", "10", "-o", str(tmp_path / "r.parquet")]
    assert main([*argv, *extra]) == 2
    assert "ipsim:" in capsys.readouterr().err


def test_cli_writes_and_reruns(tmp_path, capsys):
    out = tmp_path / "r.parquet"
    argv = ["ensemble", "baseline", "--n", "3", "--draws", "100", "--target", "invention_apps"]
    argv += ["--vary", "funding.creation=0.5:1.5", "-o", str(out), "--lang", "zh"]
    assert main(argv) == 0
    assert "3 个情景" in capsys.readouterr().out
    assert main(argv) == 0  # nothing left to do
    assert main([*argv[:5], "200", *argv[6:]]) == 2  # other draws: refused
    assert main([*argv[:5], "200", *argv[6:], "--force"]) == 0
    assert pd.read_parquet(out)["funding.creation"].between(0.5, 1.5).all()


def test_per_draw_bits_hold_p_met_and_the_joint(baseline, tmp_path):
    out = tmp_path / "r.parquet"
    kept = ensemble(baseline, **SMALL, per_draw=True, output=out)
    frame = kept.to_frame()
    met = {t: kept.met_draws(t) for t in TARGETS}
    assert met[TARGETS[0]].shape == (7, 300)
    for t in TARGETS:
        rows = frame[frame["target"] == t]
        np.testing.assert_array_equal(met[t].mean(axis=1), rows["p_met"].to_numpy())
    joint = (met[TARGETS[0]] & met[TARGETS[1]]).mean(axis=1)
    np.testing.assert_array_equal(joint, frame.loc[frame["target"] == TARGETS[0], "p_all_met"])
    in_memory = ensemble(baseline, **SMALL, per_draw=True)
    np.testing.assert_array_equal(in_memory.met_draws(TARGETS[1]), met[TARGETS[1]])
    with pytest.raises(ArgumentError, match="per_draw"):
        ensemble(baseline, **SMALL).met_draws(TARGETS[0])


def test_the_joint_is_at_most_each_target():
    frame = ensemble("baseline", n=5, draws=400, chunk=5).to_frame()
    worst = frame.groupby("scenario")["p_met"].min()
    assert (frame.groupby("scenario")["p_all_met"].first() <= worst + 1e-12).all()


def test_several_plans_in_one_ensemble():
    both = ensemble(["baseline", "national-13th"], n=3, draws=100, chunk=2)
    frame = both.to_frame()
    assert both.scenarios == 6
    assert [p.first for p in both.parts] == [0, 3]
    assert sorted(frame["scenario"].unique()) == list(range(6))
    national = frame[frame["plan"] == "national-ip-2016-2020"]
    assert national["funding.creation"].isna().all()  # a lever the national scenario lacks
    assert national["growth.pct_applications"].notna().all()
    assert set(national["target"]) == set(both.parts[1].targets)
    with pytest.raises(ArgumentError, match="points"):
        _ = both.points


def test_a_lever_or_target_applies_where_it_exists():
    both = ensemble(
        ["baseline", "national-13th"],
        n=2,
        draws=50,
        vary=["funding.creation", "growth.pct_applications"],
        target=["invention_apps", "pct_applications"],
    )
    assert [p.inputs for p in both.parts] == [("funding.creation",), ("growth.pct_applications",)]
    assert [p.targets for p in both.parts] == [("invention_apps",), ("pct_applications",)]
    with pytest.raises(ArgumentError, match=r"no scenario has the lever 'funding\.nothing'"):
        ensemble(["baseline", "national-13th"], n=2, vary=["funding.creation", "funding.nothing"])
    with pytest.raises(ArgumentError, match="'national-13th' has none of the targets"):
        ensemble(["baseline", "national-13th"], n=2, target="invention_apps")
    with pytest.raises(ArgumentError, match="each scenario once"):
        ensemble(["baseline", "baseline"], n=2)


def test_a_folder_of_plan_and_scenario_files(tmp_path):
    from ipsim.scenario import bundled_scenarios_dir

    plans = Path(ipsim.plan.__file__).parent / "plans"
    scenario_text = (bundled_scenarios_dir() / "national-13th.yaml").read_text("utf-8")
    plan_text = (plans / "national-ip-2016-2020.yaml").read_text("utf-8")
    (tmp_path / "plan.yaml").write_text(plan_text, "utf-8")
    lines = [
        "plan: plan.yaml" if line.startswith("plan:") else line
        for line in scenario_text.splitlines()
    ]
    (tmp_path / "mine.yaml").write_text("\n".join(lines) + "\n", "utf-8")
    (tmp_path / "notes.txt").write_text("not a scenario", "utf-8")
    result = ensemble(tmp_path, n=2, draws=50)
    assert [p.name for p in result.parts] == ["national-13th"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ArgumentError, match="no scenario file"):
        ensemble(empty, n=2)


def test_cli_several_scenarios_and_per_draw(tmp_path, capsys):
    out = tmp_path / "r.parquet"
    argv = ["ensemble", "baseline", "national-13th", "--n", "2", "--draws", "40", "--per-draw"]
    assert main([*argv, "-o", str(out)]) == 0
    frame = pd.read_parquet(out)
    assert set(frame["plan"]) == {"guangzhou-ip-2017-2020", "national-ip-2016-2020"}
    assert frame["met_draws"].map(len).eq(5).all()  # 40 draws, 5 bytes
    assert main([*argv, "-o", str(out), "--dask-dashboard"]) == 2
    assert "--workers" in capsys.readouterr().err
