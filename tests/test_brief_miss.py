"""The briefing's "what could make us miss": which target, the box told, and when none is."""

import dataclasses
import re

import pytest

from ipsim import assess, load_scenario, simulate
from ipsim.views import brief_miss
from ipsim.views.brief_miss import miss_discovery, miss_sentence, miss_target, significant

BASE = load_scenario("baseline")


@pytest.fixture(scope="module")
def board():
    return assess(simulate(BASE, draws=2_000, keep_inputs=True))


def test_the_target_is_the_open_one_closest_to_even_odds(board):
    p_met = {t.id: t.p_met for t in board.targets if 0.05 <= t.p_met <= 0.95}
    closest = min(p_met, key=lambda t: abs(p_met[t] - 0.5))
    assert miss_target(board) == closest == "counterfeit_cases"


def test_the_sentence_names_the_target_and_a_threshold_in_both_languages(board):
    plan = board.result.plan.target("counterfeit_cases")
    en, zh = miss_sentence(board, "en"), miss_sentence(board, "zh")
    assert en.startswith(f'What could make us miss: for "{plan.label("en")}" (P(met) 51%), ')
    assert re.search(
        r"with growth of counterfeit-patent cases handled below 18\.\d %/yr: \d+% of misses, "
        r"\d+% of cases inside miss\.$",
        en,
    )
    assert zh.startswith(f"什么情况下会未达成：就“{plan.label('zh')}”（达成概率51%）而言，")
    assert re.search(r"查处假冒专利案件办案量增长率低于18\.\d%/年：占未达成情形的 \d+%", zh)
    found = miss_discovery(board, "counterfeit_cases")
    assert significant(found)
    assert found.n_total == 2_000
    assert found.thresholds_text("en") in en
    assert found.thresholds_text("zh") in zh


def test_no_target_in_question_is_said_plainly(board, monkeypatch):
    monkeypatch.setattr(brief_miss, "UNCERTAIN", (0.0, 0.01))  # every P(met) is above 1 %
    assert miss_target(board) is None
    assert miss_sentence(board, "en") == (
        "What could make us miss: no open target is in question (each P(met) is below 0% or "
        "above 1%), so no scenario discovery was run."
    )
    assert miss_sentence(board, "zh").startswith(
        "什么情况下会未达成：所有未定目标的达成概率均低于0%"
    )


@pytest.mark.parametrize(
    ("target", "peeled"),
    [
        ("soe_invention_apps", False),  # P(met) 16 %: misses are the rule, no box stands out
        ("pledge_financing", True),  # PRIM peels a box, but some of its limits are noise
    ],
)
def test_no_significant_box_is_never_told(board, monkeypatch, target, peeled):
    found = miss_discovery(board, target)
    assert found.found is peeled
    assert not significant(found)
    monkeypatch.setattr(brief_miss, "miss_target", lambda _: target)
    label = board.result.plan.target(target).label("en")
    en, zh = miss_sentence(board, "en"), miss_sentence(board, "zh")
    assert en.startswith(f'What could make us miss: for "{label}" (P(met) ')
    assert "no combination of the simulated inputs singles out the misses" in en
    assert "没有哪一组模拟输入能明显区分出未达成的情形" in zh
    assert "below" not in en
    assert "低于" not in zh


def test_a_run_without_its_inputs_gets_no_sentence():
    assert miss_sentence(assess(simulate(BASE, draws=200)), "en") == ""


def test_a_plan_decided_by_published_figures_gets_no_sentence(board):
    decided = tuple(dataclasses.replace(t, decided="met") for t in board.targets)
    assert miss_sentence(dataclasses.replace(board, targets=decided), "en") == ""
