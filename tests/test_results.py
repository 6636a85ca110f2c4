"""One result contract: every result has ``to_frame()``, ``to_dict()`` and ``_repr_html_``.

For each result type: ``to_frame()`` is a pandas DataFrame; ``to_dict()`` holds JSON types only
(it survives ``json.dumps(..., allow_nan=False)`` and comes back equal) and is exactly what the
command prints with ``--format json`` where there is a command; ``_repr_html_()`` is escaped HTML
that shows the rows. Also: the old shapes keep working (goal-seek answers are a list, a sweep is a
DataFrame), ``rng`` is the one name of a seed, and bad arguments raise ArgumentError.
"""

from __future__ import annotations

import dataclasses
import html
import json
import pickle
import subprocess
import sys
import warnings

import numpy as np
import pandas as pd
import pytest

import ipsim
from ipsim.analysis.backtest import backtest
from ipsim.analysis.goalseek import GoalSeekResults, SweepResult, goal_seek, goal_seek_all, sweep
from ipsim.analysis.sensitivity import morris_indices, sensitivity, sobol_indices
from ipsim.cli import main
from ipsim.errors import (
    ArgumentError,
    CalibrationError,
    DataError,
    LookupArgumentError,
    PlanError,
    ScenarioError,
)
from ipsim.observed import load_observed
from ipsim.results import Result
from ipsim.scenario import load_scenario

ODD_NAME = "<b>odd & bold</b>"
"""A scenario name that is markup if it is not escaped."""


@pytest.fixture(scope="module")
def baseline():
    return load_scenario("baseline")


@pytest.fixture(scope="module")
def odd(baseline):
    return dataclasses.replace(baseline, name=ODD_NAME)


def cli_json(capsys, *args):
    """What ``ipsim ARGS --format json`` prints, parsed."""
    assert main([*args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def check_contract(result, *, rows, printed=None):
    """The three parts of the contract; ``rows`` are texts every row of the view shows."""
    assert isinstance(result, Result)
    frame = result.to_frame()
    assert type(frame) is pd.DataFrame
    document = result.to_dict()
    text = json.dumps(document, allow_nan=False, ensure_ascii=False)
    assert json.loads(text) == document  # JSON types only: nothing changes on the way
    if printed is not None:
        assert document == printed
    page = result._repr_html_()
    for row in rows:
        assert row in html.unescape(page)
    assert ODD_NAME not in page
    return frame, document, page


# -- each result type -------------------------------------------------------------------------
def test_assessment(capsys, baseline, odd):
    board = ipsim.assess(ipsim.simulate(baseline.with_run(draws=500)))
    printed = cli_json(capsys, "run", "baseline", "--draws", "500")
    # the CLI adds the joint probabilities over the plausible dependence (ipsim.dependence_range)
    assert printed.pop("dependence_range") == ipsim.dependence_range(board.result).to_dict()
    ids = [t.id for t in board.targets]
    labels = [t.label("en") for t in board.targets]  # the notebook view names targets
    frame, _, _ = check_contract(board, rows=labels, printed=printed)
    assert list(frame["id"]) == ids
    zh = cli_json(capsys, "run", "baseline", "--draws", "500", "--lang", "zh")
    assert board.to_dict("zh") == {k: v for k, v in zh.items() if k != "dependence_range"}
    page = ipsim.assess(ipsim.simulate(odd, draws=200))._repr_html_()
    assert html.escape(ODD_NAME) in page


def test_simulation_result(baseline, odd):
    result = ipsim.simulate(odd, draws=100, rng=3)
    assert isinstance(result, Result)
    assert type(result.to_frame(max_draws=2)) is pd.DataFrame
    document = result.to_dict()
    assert json.loads(json.dumps(document, allow_nan=False)) == document
    assert document["seed"] == 3
    assert len(document["quantiles"]) == len(result.indicators) * len(result.years)
    assert html.escape(ODD_NAME) in result._repr_html_()
    assert ODD_NAME not in result._repr_html_()


def test_comparison(capsys, baseline, odd):
    result = ipsim.compare("baseline", "austerity", draws=300, rng=5)
    printed = cli_json(capsys, "compare", "baseline", "austerity", "--draws", "300", "--seed", "5")
    target = result.assessments[0].target("invention_apps").label("en")
    austerity = load_scenario("austerity").title("en")
    frame, _, page = check_contract(result, rows=[target, austerity], printed=printed)
    assert frame.equals(result.frame)
    assert frame is not result.frame
    assert html.escape(ODD_NAME) in ipsim.compare(odd, baseline, draws=100)._repr_html_()
    assert "austerity" in page


def test_comparison_reports_the_seed_of_a_generator(baseline):
    generator = np.random.default_rng(11)
    result = ipsim.compare(baseline, "high-funding", draws=100, rng=generator)
    assert result.seed == 11
    same = ipsim.compare(baseline, "high-funding", draws=100, rng=11)
    assert result.frame.equals(same.frame)


def test_backtest_result(capsys):
    actuals = "ipsim/data/observed-to-2017.csv"
    result = backtest("baseline", origin=2016, actuals=actuals, draws=300, rng=2)
    printed = cli_json(
        capsys, "backtest", "baseline", "--origin", "2016", "--actuals", actuals, "--draws", "300",
        "--seed", "2",
    )  # fmt: skip
    plan = result.assessment.result.plan
    names = [plan.indicator(i).label("en") for i in result.points["indicator"]]
    frame, _, _ = check_contract(result, rows=names, printed=printed)
    assert frame.equals(result.points)


def test_calibration_result(baseline):
    observed = load_observed(baseline.load_plan())
    result = ipsim.calibrate(observed, baseline.load_plan(), prior=baseline, origin=2016)
    plan = baseline.load_plan()
    names = [plan.indicator(i).label("en") for i in result.to_frame()["indicator"]]
    frame, document, _ = check_contract(result, rows=names)
    assert len(frame) == len(document["indicators"]) > 0


def test_goal_seek_result(capsys, baseline):
    answer = goal_seek(baseline, "invention_apps", draws=200, rng=4)
    printed = cli_json(
        capsys, "goalseek", "baseline", "--target", "invention_apps", "--draws", "200",
        "--seed", "4",
    )  # fmt: skip
    frame, _, _ = check_contract(
        answer, rows=["invention_apps", "funding.creation"], printed=printed
    )
    assert len(frame) == 1
    assert (frame.loc[0, "bound_low"], frame.loc[0, "bound_high"]) == answer.bounds


def test_goal_seek_results_are_still_a_list(capsys, baseline):
    answers = goal_seek_all(baseline, draws=200, rng=4)
    printed = cli_json(
        capsys, "goalseek", "baseline", "--target", "all", "--draws", "200", "--seed", "4"
    )
    assert isinstance(answers, GoalSeekResults)
    assert isinstance(answers, list)
    ids = [a.target for a in answers]
    names = [a.name_of(a.target) for a in answers]  # the view names targets by label
    assert names[0] != ids[0]
    frame, document, _ = check_contract(answers, rows=names, printed=printed)
    assert isinstance(document, list)
    assert len(document) == len(answers)
    assert list(frame["target"]) == ids
    assert answers[0].target == ids[0]
    assert [a.target for a in answers[1:3]] == ids[1:3]
    assert sorted(a.target for a in answers) == sorted(ids)
    assert type(GoalSeekResults().to_frame()) is pd.DataFrame  # empty, with its columns
    assert "target" in GoalSeekResults().to_frame().columns


def test_sensitivity_result(capsys, baseline):
    options = ["--target", "certified_units", "--method", "morris", "--n", "8"]
    printed = cli_json(capsys, "sensitivity", "baseline", *options, "--draws-per-point", "16")
    result = sensitivity(
        baseline, target="certified_units", method="morris", n=8, draws_per_point=16
    )
    names = [result.name_of(i) for i in result.inputs]  # the view names inputs by label
    assert "funding.creation" not in names
    frame, _, _ = check_contract(result, rows=names, printed=printed)
    assert frame.equals(result.indices)


def test_sweep_result_is_still_a_dataframe(baseline):
    curve = sweep(baseline, "funding.creation", [0.5, 1, 2], targets=["invention_apps"], draws=300)
    assert isinstance(curve, SweepResult)
    assert isinstance(curve, pd.DataFrame)
    assert isinstance(curve, ipsim.SweepResult)
    frame, document, _ = check_contract(curve, rows=["invention_apps", "funding.creation"])
    assert type(frame) is pd.DataFrame
    assert frame.equals(pd.DataFrame(curve))
    assert document["lever"] == "funding.creation"
    assert document["draws"] == 300
    assert [p["value"] for p in document["points"]] == [0.5, 1.0, 2.0]
    # what callers did with the DataFrame still works, and derived tables are plain frames
    assert curve["p_met"].is_monotonic_increasing
    subset = curve[curve["target"] == "invention_apps"]
    assert type(subset) is pd.DataFrame
    assert len(subset) == 3
    assert curve.to_dict("records")[0]["lever"] == "funding.creation"  # pandas' own to_dict
    assert {name for name, _ in curve.groupby("target")} == {"invention_apps"}
    again = pickle.loads(pickle.dumps(curve))
    assert type(again) is type(curve)
    assert again.draws == 300
    assert again.equals(curve)


def test_importing_ipsim_does_not_import_pandas():
    code = "import sys, ipsim; print('pandas' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# -- rng everywhere -----------------------------------------------------------------------------
def test_sensitivity_takes_rng_and_seed_is_deprecated(baseline):
    options = {"target": "certified_units", "method": "morris", "n": 4, "draws_per_point": 8}
    new = sensitivity(baseline, rng=7, **options)
    with pytest.warns(DeprecationWarning, match="seed= is deprecated"):
        old = sensitivity(baseline, rng=7, seed=0, **options)
    assert new.to_dict() == old.to_dict()  # seed 0 is the design rng leaves in place
    generator = sensitivity(baseline, rng=np.random.default_rng(7), **options)
    assert generator.to_dict() == new.to_dict()
    with pytest.warns(DeprecationWarning, match="seed= is deprecated"):
        other = sensitivity(baseline, seed=3, **options)
    assert other.to_dict() != sensitivity(baseline, **options).to_dict()


def test_sample_functions_take_rng(recwarn):
    def model(x):
        return x.sum(axis=1, keepdims=True)

    bounds = [(0.0, 1.0)] * 2
    table = sobol_indices(["a", "b"], bounds, model, n=64, rng=1)
    assert not [w for w in recwarn if issubclass(w.category, DeprecationWarning)]
    with pytest.warns(DeprecationWarning, match="pass rng"):
        assert sobol_indices(["a", "b"], bounds, model, n=64, seed=1).equals(table)
    assert (
        morris_indices(["a", "b"], bounds, model, n=8, rng=np.random.default_rng(2)).shape[0] == 2
    )
    with pytest.raises(ArgumentError, match=r"^rng: expected a whole number >= 0"):
        sobol_indices(["a", "b"], bounds, model, n=64, rng=-1)


def test_backtest_takes_a_generator():
    actuals = load_observed("guangzhou-ip-2017-2020")
    by_int = backtest("baseline", origin=2016, actuals=actuals, draws=200, rng=9)
    by_generator = backtest(
        "baseline", origin=2016, actuals=actuals, draws=200, rng=np.random.default_rng(9)
    )
    assert by_int.to_dict() == by_generator.to_dict()


# -- one ArgumentError ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "old_class", "message"),
    [
        (
            lambda s: goal_seek(s, "invention_apps", bounds=(0, 3), draws=100),
            ScenarioError,
            "must lie within 0 < value",
        ),
        (
            lambda s: goal_seek(s, "invention_apps", bounds=(3, 1), draws=100),
            ScenarioError,
            "bounds must be two increasing",
        ),
        (lambda s: sweep(s, "funding.creation", [], draws=10), ScenarioError, "at least one"),
        (
            lambda s: backtest(s, origin=2020, actuals=load_observed("guangzhou-ip-2017-2020")),
            CalibrationError,
            "leaves nothing to project",
        ),
        (lambda s: ipsim.simulate(s, draws=10).path("nope"), KeyError, "no indicator 'nope'"),
        (
            lambda s: ipsim.assess(ipsim.simulate(s, draws=10)).target("nope"),
            KeyError,
            "no target 'nope'",
        ),
        (lambda s: goal_seek(s, "invention_apps", lever="funding.nope"), ScenarioError, "nope"),
        (lambda s: goal_seek(s, "nope", draws=100), PlanError, "has no target 'nope'"),
        (lambda s: ipsim.calibrate(prior=s, half_life=-1), CalibrationError, "half_life"),
        (lambda s: ipsim.calibrate(prior=s, prior_df=-1), CalibrationError, "prior_df"),
        (lambda s: ipsim.as_of(s, 1900), CalibrationError, "vantage year 1900"),
        (lambda s: ipsim.calibrate(prior=s, rule=["nope"]), DataError, "unknown conflict rule"),
    ],
)
def test_bad_arguments_are_argument_errors_still_caught_as_before(
    baseline, call, old_class, message
):
    with pytest.raises(ArgumentError, match=message) as info:
        call(baseline)
    assert isinstance(info.value, old_class)
    assert isinstance(info.value, ValueError)


def test_a_lookup_error_reads_as_its_message(baseline):
    with pytest.raises(LookupArgumentError) as info:
        ipsim.simulate(baseline, draws=10).path("nope")
    assert str(info.value).startswith("no indicator 'nope' in this result")


@pytest.mark.parametrize(
    "call",
    [
        lambda: ipsim.assess("baseline"),
        lambda: goal_seek("baseline", "invention_apps"),
        lambda: goal_seek_all("baseline"),
        lambda: sweep("baseline", "funding.creation", [1.0]),
        lambda: sensitivity("baseline"),
    ],
)
def test_a_scenario_name_where_a_scenario_is_wanted(call):
    with pytest.raises(ArgumentError, match=r"expected an ipsim (Scenario|SimulationResult)"):
        call()


def test_sweep_draws_are_checked(baseline):
    with pytest.raises(ArgumentError, match=r"^draws: expected a whole number between 1"):
        sweep(baseline, "funding.creation", [1.0], draws=0)


def test_the_cli_probability_check_is_an_argument_error(capsys):
    assert main(["goalseek", "baseline", "--target", "invention_apps", "--probability", "1"]) == 2
    assert capsys.readouterr().err == "ipsim: --probability must lie between 0 and 1, got 1\n"


def test_printing_names_still_answer_at_the_briefing_with_a_warning():
    import ipsim.cli.pdf
    import ipsim.views.brief

    for name in ("to_pdf", "chromium", "CHROMIUM_FLAGS"):
        with pytest.warns(DeprecationWarning, match=f"moved to ipsim.cli.pdf.{name}"):
            assert getattr(ipsim.views.brief, name) is getattr(ipsim.cli.pdf, name)
    with pytest.raises(AttributeError):
        ipsim.views.brief.no_such_name  # noqa: B018


def test_not_fitted_error_is_gone():
    import ipsim.errors

    assert not hasattr(ipsim.errors, "NotFittedError")


def test_the_parser_is_importable_from_its_old_place():
    from ipsim.cli import build_parser as old  # where it was before the CLI became a package
    from ipsim.cli.commands import build_parser as before_the_split
    from ipsim.cli.parser import build_parser

    assert old is build_parser is before_the_split
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert build_parser().parse_args(["compare", "a", "b"]).scenarios == ["a", "b"]
