"""One bad file per failure mode: each message names the file, the line and the dotted path."""

import re
from pathlib import Path

import pytest

from ipsim.errors import ScenarioError
from ipsim.scenario import load_scenario

BAD = Path(__file__).parent / "data" / "bad_scenarios"

# file stem -> (dotted path in the message, fragment of the message, line override or None)
CASES = {
    "unknown_top_key": ("draw", "Did you mean 'draws'?", None),
    "unknown_distribution": ("indicators.recycling_rate.rate.dist", "unknown distribution", None),
    "unknown_distribution_typo": (
        "indicators.green_firms.growth.dist",
        "Did you mean 'triangular'?",
        None,
    ),
    "unknown_model": ("indicators.waste_per_capita.model", "Did you mean 'compound_growth'?", None),
    "missing_horizon": ("(top level)", "missing required key 'horizon'", 2),
    "draws_not_a_number": ("draws", "expected a whole number, got 'many'", None),
    "negative_volatility": (
        "indicators.waste_per_capita.volatility",
        "expected a number in [0, 5], got -0.02",
        None,
    ),
    "duplicate_key": ("seed", "duplicate key 'seed' (first written on line 8)", None),
    "yaml_syntax": ("", "not valid YAML", 16),
    "unknown_indicator": ("indicators.recycling_rat", "Did you mean 'recycling_rate'?", None),
    "missing_indicator": ("indicators", "missing indicator 'waste_per_capita'", 11),
    "dist_missing_parameter": ("indicators.recycling_rate.rate", "missing required key 'sd'", None),
    "assumed_without_rationale": (
        "indicators.recycling_rate.baseline",
        "needs a one-line 'rationale'",
        None,
    ),
    "observed_without_source": ("indicators.waste_per_capita.baseline", "needs its 'source'", None),
    "share_baseline_out_of_range": (
        "indicators.recycling_rate.baseline.value",
        "expected a number in (0, 1), got 1.4",
        14,
    ),
    "unknown_reading": ("reading", "expected one of 'cagr', 'yoy_each_year', got 'strict'", None),
    "unknown_programme": ("funding.sortng", "Did you mean 'sorting'?", None),
    "funded_units_without_budget": (
        "indicators.sites_upgraded.programme",
        "needs funding.sorting.reference_cny",
        None,
    ),
    "elasticity_without_programme": (
        "indicators.waste_per_capita.elasticity",
        "needs the 'programme'",
        None,
    ),
    "baseline_too_late": (
        "indicators.green_firms.baseline.year",
        "expected a year <= 2020, got 2022",
        None,
    ),
    "horizon_before_deadline": ("horizon", "expected a year >= 2025, got 2024", None),
    "schedule_missing_year": ("funding.sorting.schedule_cny", "missing year 2024", None),
    "model_wrong_kind": ("indicators.new_plants.model", "cannot represent a stock indicator", None),
    "multiple_and_schedule": (
        "funding.sorting",
        "either 'multiple' or 'schedule_cny', not both",
        None,
    ),
    "unknown_plan": ("plan", "Did you mean 'guangzhou-ip-2017-2020'?", None),
    "dist_outside_bounds": (
        "indicators.waste_per_capita.growth",
        "reaches outside the allowed range of growth",
        None,
    ),
    # a plain number where a lever mapping belongs: once an AttributeError inside the checks
    "lever_not_a_mapping": ("funding.sorting", "a funding lever is needed", None),
    # "multiple:" with nothing after it: once a TypeError (an internal error in the CLI)
    "multiple_empty": ("funding.sorting.multiple", "expected a number, got an empty value", None),
    "dependence_unknown_indicator": (
        "dependence.groups[0].indicators[0]",
        "Did you mean 'green_firms'?",
        None,
    ),
    "dependence_correlation_out_of_range": (
        "dependence.groups[0].correlation",
        "expected a number in [0, 1), got 1.0",
        None,
    ),
    "dependence_outside_range": (
        "dependence.groups[0].correlation",
        "outside its plausible range; expected a correlation in [0.1, 0.3]",
        None,
    ),
    "dependence_range_reversed": ("dependence.others.range", "low end is above the high end", None),
    "dependence_indicator_in_two_groups": (
        "dependence.groups[1].indicators[0]",
        "indicator 'green_firms' is already in group 'firms'",
        None,
    ),
    "dependence_group_of_one": (
        "dependence.groups[0].indicators",
        "a group needs at least two indicators",
        None,
    ),
    "dependence_group_named_others": (
        "dependence.groups[0].name",
        "'others' is the name of the group of every other indicator",
        None,
    ),
    "dependence_without_source": ("dependence.others", "missing required key 'source'", None),
    "dependence_empty": ("dependence", "empty dependence block", None),
    "empty_file": ("(top level)", "a scenario mapping is needed", 1),
    "not_utf8": ("", "not UTF-8 text", 2),
}


def _marker_line(path: Path) -> int:
    for number, line in enumerate(
        path.read_bytes().decode("utf-8", "replace").splitlines(), start=1
    ):
        if "# <- here" in line:
            return number
    raise AssertionError(f"{path.name} has no '# <- here' marker and no line override")


def test_every_bad_file_has_a_case():
    assert {p.stem for p in BAD.glob("*.yaml")} == set(CASES)
    assert len(CASES) >= 15


@pytest.mark.parametrize("stem", sorted(CASES))
def test_bad_file_names_file_line_and_path(stem):
    path = BAD / f"{stem}.yaml"
    dotted, fragment, line = CASES[stem]
    line = line or _marker_line(path)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    messages = info.value.problems
    prefix = f"{path}:{line}: {dotted + ': ' if dotted else ''}"
    matching = [m for m in messages if m.startswith(prefix)]
    assert matching, f"no message starts with {prefix!r}: {messages}"
    assert any(fragment in m for m in matching), messages
    assert "Traceback" not in str(info.value)


def test_every_problem_is_reported_at_once(tmp_path):
    text = (
        (BAD.parent / "mini-scenario.yaml")
        .read_text()
        .replace("plan: plans/", f"plan: {BAD.parent}/plans/")
    )
    text = text.replace("draws: 4000", "draws: -3").replace("seed: 7", "seed: 7\nreading: strict")
    text = text.replace("volatility: 0.02", "volatility: -1")
    bad = tmp_path / "three.yaml"
    bad.write_text(text)
    with pytest.raises(ScenarioError) as info:
        load_scenario(bad)
    assert len(info.value.problems) == 3
    assert str(info.value).startswith(f"3 problems in {bad}")
    assert all(re.match(rf"{re.escape(str(bad))}:\d+: ", m) for m in info.value.problems)


def test_missing_file_suggests_bundled_names():
    with pytest.raises(ScenarioError, match=r"no such scenario file.*did you mean 'baseline'"):
        load_scenario("baselin")
