"""No identifier reaches a Chinese reader: the terminal outputs of ``run``, ``targets``,
``compare``, ``goalseek`` and ``sensitivity`` under ``--lang zh`` name targets, indicators,
programmes, levers, kinds and scenarios by their labels, carry no English label word, and put a
full-width colon after Chinese text.

The identifiers are gathered from the plan and scenario objects themselves, so a new target or
lever is checked without editing this file. Allowed ASCII words are listed with their reason.
"""

from __future__ import annotations

import re

import pytest

from ipsim.cli import main
from ipsim.levers import levers_of
from ipsim.scenario import load_scenario

SCENARIOS = ("baseline", "high-funding")
PLAN = "guangzhou-ip-2017-2020"

ALLOWED_WORDS = {
    "Fréchet": "name of the bound (Fréchet界)",
    "Copula": "name of the method (单因子高斯Copula)",
    "IPCC": "the calibrated language is the IPCC's",
    "ipsim": "a command the reader types",
    "calibrate": "a command the reader types (ipsim calibrate)",
    "goalseek": "a command the reader types (ipsim goalseek --target)",
    "target": "an option the reader types (--target)",
    "Sobol": "name of the method (Sobol方差分解)",
    "Morris": "name of the method (Morris筛选法)",
    "sd_": "the formula of the theta share (sd_θ)",
    "sd_MC": "the formula of the theta share",
    "logit": "the unit of a rate lever (logit 年变化)",
}
"""ASCII words a Chinese output may hold, and why (words inside the plan's own Chinese labels,
such as PCT, are allowed too)."""

PENDING_GROUPS = False
"""The scenario's dependence groups (``patent_filings``, ``trademarks``, ``others``) are still
named by their ids in ``ipsim run``'s dependence line (:func:`ipsim.joint.describe_dependence`
has no label for them yet): their names are allowed until it has."""

CJK_THEN_HALF_WIDTH = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff01-\uff5e][:;]")
WORD = re.compile(r"[A-Za-zÀ-ÿ_][A-Za-zÀ-ÿ0-9_.\-]*")
NUMBER = re.compile(r"\d+(\.\d+)?e[+-]\d+|sha256: [0-9a-f]+")  # 2.07e+05, a checksum


def render(capsys, *argv: str) -> str:
    """The text ``ipsim ARGV --lang zh`` prints, run in this process."""
    assert main([*argv, "--lang", "zh"]) == 0
    return capsys.readouterr().out


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("baseline")


def identifiers(scenario) -> set[str]:
    """Every code of the plan and scenario that has a label: targets, indicators, programmes,
    levers, kinds, and the names of scenarios that have a title."""
    plan = scenario.load_plan()
    codes = {t.id for t in plan.targets} | {t.indicator for t in plan.targets}
    codes |= {t.kind for t in plan.targets} | {p.id for p in plan.funding_programmes}
    codes |= set(levers_of(scenario)) | {"p_met", "deadline_value", "pt"}
    codes |= {name for name in SCENARIOS if load_scenario(name).title("zh")}
    if not PENDING_GROUPS and scenario.dependence is not None:
        codes |= {g.name for g in scenario.dependence.all_groups}
    return codes


def label_words(scenario) -> set[str]:
    """ASCII words that are part of the plan's own Chinese labels (PCT), so allowed."""
    plan = scenario.load_plan()
    texts = [t.label("zh") for t in plan.targets] + [plan.title("zh")]
    texts += [plan.indicator(t.indicator).label("zh") for t in plan.targets]
    if PENDING_GROUPS and scenario.dependence is not None:
        texts += [g.name for g in scenario.dependence.all_groups]
    return {w for text in texts for w in WORD.findall(text)}


def leaks(text: str, scenario, *, keys_last: bool = False) -> list[str]:
    """Identifiers, ASCII label words and half-width colons after Chinese in ``text``.

    With ``keys_last``, the last cell of a table row is the target's code (目标代码), which a
    user types, and is not a leak."""
    codes, allowed = identifiers(scenario), set(ALLOWED_WORDS) | label_words(scenario)
    found = [f"half-width punctuation: {m.group()!r}" for m in CJK_THEN_HALF_WIDTH.finditer(text)]
    for line in text.splitlines():
        if keys_last and line.split() and line.split()[-1] in codes:
            line = line.rsplit(maxsplit=1)[0]
        for word in WORD.findall(NUMBER.sub("", line)):
            word = word.strip(".-")
            if word in codes:
                found.append(f"identifier {word!r} in: {line.strip()[:80]}")
            elif len(word) > 1 and word not in allowed:
                found.append(f"ASCII word {word!r} in: {line.strip()[:80]}")
    return found


def test_run_in_chinese_names_everything_by_its_label(capsys, scenario):
    text = render(capsys, "run", "baseline", "--draws", "200")
    assert leaks(text, scenario) == []


def test_targets_in_chinese_keep_codes_only_in_their_column(capsys, scenario):
    text = render(capsys, "targets", "--plan", PLAN)
    assert "目标代码" in text
    assert leaks(text, scenario, keys_last=True) == []
    assert leaks(text, scenario) != []  # the codes are there, in their column


def test_compare_in_chinese_uses_titles_and_percentage_points(capsys, scenario):
    text = render(capsys, "compare", *SCENARIOS, "--draws", "200")
    assert "个百分点" in text
    assert leaks(text, scenario) == []


def test_goalseek_in_chinese_names_levers_by_programme(capsys, scenario):
    text = render(capsys, "goalseek", "baseline", "--target", "all", "--draws", "100")
    assert "资金（计划倍数）" in text
    assert leaks(text, scenario) == []


def test_goalseek_of_a_cost_lever_in_chinese(capsys, scenario):
    text = render(
        capsys, "goalseek", "baseline", "--target", "industrialization_projects", "--lever",
        "growth", "--draws", "100",
    )  # fmt: skip
    assert leaks(text, scenario) == []


@pytest.mark.parametrize("method", ["morris", "sobol"])
def test_sensitivity_in_chinese(capsys, scenario, method):
    text = render(
        capsys, "sensitivity", "baseline", "--target", "invention_apps", "--method", method,
        "--n", "8", "--draws-per-point", "8", "--seed", "1",
    )  # fmt: skip
    assert leaks(text, scenario) == []


def test_the_check_sees_identifiers_words_and_colons(scenario):
    english = "invention_apps — funding.creation: 12 pt (same for all)\n发明: 1"
    found = leaks(english, scenario)
    assert any("'invention_apps'" in f for f in found)
    assert any("'funding.creation'" in f for f in found)
    assert any("'same'" in f for f in found)
    assert any("half-width" in f for f in found)
    assert leaks("全部目标达成概率：0.3%（Fréchet界）；2.07e+05 元/个", scenario) == []
