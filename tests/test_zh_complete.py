"""No identifier reaches a Chinese reader: the terminal outputs of ``run``, ``targets``,
``compare``, ``goalseek`` and ``sensitivity`` under ``--lang zh`` name targets, indicators,
programmes, levers, kinds and scenarios by their labels, carry no English label word, and put a
full-width colon after Chinese text.

The identifiers are gathered from the plan and scenario objects themselves, so a new target or
lever is checked without editing this file. Allowed ASCII words are listed with their reason.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

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
    "Wilson": "name of the interval (Wilson区间)",
    "Open": "name of the method (Open SDG)",
    "SDG": "name of the method (Open SDG)",
    "tanh": "the function of the funding response (经tanh变换)",
    "docs": "a file the reader can open (docs/funding-response.md)",
    "funding-response.md": "a file the reader can open (docs/funding-response.md)",
    "CRPS": "name of the score (连续分级概率评分CRPS)",
    "sha256": "name of the checksum (情景校验值（sha256）)",
    "validate": "a command the reader types (ipsim validate)",
    "S1": "notation of the first-order Sobol index (一阶指数 S1)",
    "ST": "notation of the total Sobol index (总效应指数 ST)",
}
"""ASCII words a Chinese output may hold, and why (words inside the plan's own Chinese labels,
such as PCT, are allowed too)."""

PENDING_GROUPS = False
"""The scenario's dependence groups (``patent_filings``, ``trademarks``, ``others``) are still
named by their ids in ``ipsim run``'s dependence line (:func:`ipsim.joint.describe_dependence`
has no label for them yet): their names are allowed until it has."""

PENDING_FAN_SCENARIO = False
"""The fan chart's subtitle (:func:`ipsim.views.fan.fan_title`, not this helper's file) still
names the scenario by its file name ("情景 baseline"): allowed there until it uses the title."""

PENDING_BOARD_COLONS = False
"""The line above the HTML board (:func:`ipsim.views.board.summary_line`) still puts a half-width
colon after 全部目标达成概率, 预期达成目标数 and 模拟次数: allowed until it uses full-width ones."""


def pending(found: list[str]) -> list[str]:
    """``found`` without the leaks of :data:`PENDING_FAN_SCENARIO` and
    :data:`PENDING_BOARD_COLONS` while they are pending."""
    fan = re.compile(r"(identifier|ASCII word) '[\w.-]+' in: 达成概率 .*次模拟 · 情景 [\w-]+$")
    colons = {f"half-width punctuation: '{c}:'" for c in "率数"}
    return [
        f
        for f in found
        if not (PENDING_FAN_SCENARIO and fan.search(f))
        and not (PENDING_BOARD_COLONS and f in colons)
    ]


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


def explorer_text(widget) -> str:
    """Every word the explorer shows: HTML text (tags dropped), descriptions, option labels and
    section titles, one per line."""
    import html as html_module

    import ipywidgets as w

    out = []
    if isinstance(widget, w.HTML):
        text = re.sub(r"<style.*?</style>|<svg.*?</svg>", "", str(widget.value), flags=re.S)
        out.append(html_module.unescape(re.sub(r"<[^>]+>", "\n", text)))
    out.append(str(getattr(widget, "description", "") or ""))
    out += [str(o) for o in getattr(widget, "_options_labels", ())]
    out += [str(t) for t in getattr(widget, "titles", ()) if t]
    for child in getattr(widget, "children", ()):
        out.append(explorer_text(child))
    return "\n".join(line for line in out if line.strip())


EXPLORER_WORDS = {
    "English": "the language switch names each language in itself",
    "Excel": "the program's name (Excel 工作簿)",
}


def test_the_explorer_in_chinese_names_everything_by_its_label(scenario):
    from ipsim.widgets import ScenarioExplorer

    explorer = ScenarioExplorer("baseline", lang="zh", debounce=0, files="browser")
    text = "\n".join(explorer_text(c) for c in explorer.widget.children)
    found = [f for f in leaks(text, scenario) if not any(f"'{w}'" in f for w in EXPLORER_WORDS)]
    assert found == [], found
    assert "达成概率" in explorer.top
    explorer.funding_slider("operation").value = 1.5  # the moved row and the change column
    moved = explorer_text(explorer._top) + explorer_text(explorer._funding["operation"].row)
    assert "已调整" in moved
    assert "万元" in moved
    assert leaks(moved, scenario) == []


# -- evaluate, the briefing, charts, validate and new-plan --------------------------------------
FIXTURE = "tests/data/evaluate-fixture-national-14th.csv"  # TEST FIXTURE, NOT REAL DATA
READ_FIELDS = ("label", "attribute_label", "lead_agency", "unit", "class_label", "note")
"""The fields of ``ipsim evaluate --format json`` a reader reads (the others are codes and
numbers for programs: ``id``, ``kind``, ``class``, ``attribute``)."""


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_evaluate_in_chinese(capsys, fmt):
    national = load_scenario("national-14th")
    argv = ["evaluate", "national-14th", "--as-of", "2023", "--observed", FIXTURE]
    text = render(capsys, *argv, "--draws", "200", "--format", fmt)
    if fmt == "json":
        record = json.loads(text)
        read = [record["rule"]] + [
            str(row[k]) for row in record["targets"] for k in READ_FIELDS if row.get(k)
        ]
        text = "\n".join(read)
    assert "提前实现" in text
    assert leaks(text, national) == []


def visible_text(page: str) -> str:
    """What a reader of an HTML page sees: no styles, tags or attributes; what the page quotes
    as written (``<q class='original'>``, marked 原文) and what a reader types (``<code>``) left
    out."""
    page = re.sub(r"<style>.*?</style>|<title>.*?</title>", "", page, flags=re.S)
    page = re.sub(r"<q class='original'[^>]*>.*?</q>|<code>.*?</code>", "", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", page))


@pytest.mark.parametrize(
    ("name", "options"),
    [("baseline", {}), ("national-14th", {"as_of": "2023-06", "observed": FIXTURE})],
)
def test_briefing_in_chinese(name, options):
    from ipsim.views.brief import brief

    scenario = load_scenario(name)
    page = brief(scenario, lang="zh", draws=200, date="2026-12-01", **options)
    assert ("中期评估" in page) == bool(options)
    assert "（原文）" in page
    assert pending(leaks(visible_text(page), scenario)) == []


def chart_texts(spec: Any) -> list[str]:
    """The words a chart shows: titles, subtitles, axis and legend titles, and the values of the
    data fields its marks and legends draw (tooltips left out)."""
    found: list[str] = []
    fields: set[str] = set()

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "encoding":
                    for channel, e in v.items():
                        if channel not in ("tooltip", "detail") and isinstance(e, dict):
                            fields.add(e.get("field", ""))
                if k not in ("datasets", "data", "config"):
                    walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str) and key in ("text", "title", "subtitle"):
            found.append(node)

    walk(spec)
    rows = [row for values in spec.get("datasets", {}).values() for row in values]
    found += [str(row[f]) for row in rows for f in fields if isinstance(row.get(f), str)]
    return found


def test_charts_in_chinese(scenario):
    import ipsim.charts as charts
    from ipsim import assess, simulate
    from ipsim.analysis.goalseek import goal_seek, sweep
    from ipsim.analysis.sensitivity import sensitivity

    board = assess(simulate(scenario, draws=200, rng=1))
    high = assess(simulate(load_scenario("high-funding"), draws=200, rng=1))
    curve = sweep(scenario, "funding.creation", [0.5, 1, 2], targets=["invention_apps"], draws=200)
    answer = goal_seek(scenario, "invention_apps", draws=200)
    hinges = sensitivity(scenario, target="invention_apps", n=8, draws_per_point=8, rng=1)
    specs = {
        "fan": charts.fan_chart(board, "patent_trade_volume", lang="zh"),
        "board": charts.status_board(board, lang="zh"),
        "comparison": charts.comparison_chart(board, high, lang="zh"),
        "prob_vs_lever": charts.prob_vs_lever(curve, answer, lang="zh", scenario=scenario),
        "tornado": charts.tornado(hinges, lang="zh", scenario=scenario),
        "sobol": charts.sobol_bars(hinges, lang="zh", scenario=scenario),
    }
    for name, chart in specs.items():
        spec = chart.to_dict()
        assert spec["config"]["axisY"]["titleAngle"] == 0, name  # units upright
        text = "\n".join(chart_texts(spec))
        assert text, name
        assert pending(leaks(text, scenario)) == [], name
    y_title = specs["fan"].to_dict()["layer"][0]["encoding"]["y"]["axis"]["title"]
    assert y_title == "亿元"


def test_validate_and_new_plan_in_chinese(capsys, tmp_path, scenario):
    plan = tmp_path / "plan.yaml"
    assert main(["new-plan", "city-ip-2026-2030", "-o", str(plan), "--lang", "zh"]) == 0
    written = capsys.readouterr().out
    assert written.startswith("已写入")
    assert main(["validate", str(plan), "--lang", "zh"]) == 0
    assert capsys.readouterr().out.startswith("有效：")
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema: ipsim-scenario/1\nname: x\n", encoding="utf-8")
    assert main(["validate", str(bad), str(plan), "--lang", "zh"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"无效：{bad}（以下问题说明为英文")
    assert "2个文件中1个无效" in err
    path_free = written.replace(str(plan), "")
    assert leaks(path_free, scenario) == []


def test_compare_csv_in_chinese(capsys, scenario):
    text = render(capsys, "compare", *SCENARIOS, "--draws", "100", "--format", "csv")
    assert text.startswith("\ufeff目标,情景,达成概率,判断")
    assert text.splitlines()[0].endswith(",目标代码")
    cells = "\n".join(line.rsplit(",", 1)[0] for line in text.splitlines())  # but the codes
    assert leaks(cells, scenario) == []
