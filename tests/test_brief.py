"""The briefing as a file: complete, self-contained, reproducible to the byte."""

import html
import re

import pytest

from ipsim.cli import main
from ipsim.errors import ArgumentError
from ipsim.scenario import load_scenario
from ipsim.views.brief import brief, write_brief

BASE = load_scenario("baseline")


@pytest.fixture(scope="module")
def page():
    return brief(BASE, lang="zh", draws=2_000)


def test_briefing_holds_every_target_owner_and_source(page):
    plan = BASE.load_plan()
    for target in plan.targets:
        assert target.label_zh in page
        owners = plan.agency_labels(target.lead_agencies, "zh")
        assert owners in page
    for spec in BASE.indicators.values():
        if spec.baseline.source:
            assert spec.baseline.source.split(" (")[0][:40] in page.replace("&#x27;", "'")
    for heading in (
        "目标一览",
        "各目标预测",
        "达成所需",
        "关键因素",
        "假设与来源",
        "方法",
        "出处与可复现信息",
    ):
        assert heading in page
    assert page.count("<svg") == 18
    assert "sha256" in page
    assert BASE.with_run(draws=2_000).sha256 in page  # the scenario as run


def test_briefing_speaks_in_verdicts_and_never_prints_a_zero_probability(page):
    """The headline counts targets by their verdict (the band of P(met)) in the band's own
    words; P(all met) is never "0.0%"; the method states the bands, the Wilson intervals and
    that the statuses are retrospective."""
    headline = page.split("<div class='headline'>")[1].split("</div>")[0]
    assert "可能或很可能达成（达成概率≥66%）" in headline
    assert "很可能达成（达成概率≥66%）" not in headline.replace("可能或很可能", "")
    assert re.search(r"(?<![\d.])0\.0%", headline) is None  # "60.0%" is fine
    assert "Fréchet" not in headline  # the bounds are in words there
    board = page.split("<section id='board'>")[1].split("</section>")[0]
    assert "或许可能" in board
    assert "data-verdict=" in board
    method = html.unescape(page.split("<section id='method'>")[1].split("</section>")[0])
    for words in ("Wilson", "很可能≥90%", "回顾性", "<0.1%"):
        assert words in method


def test_briefing_fetches_nothing_and_is_small(page):
    assert not re.search(r"<script", page, re.IGNORECASE)
    assert not re.search(r"<link[^>]+href=[\"']https?://", page, re.IGNORECASE)
    assert not re.search(r"src=[\"']https?://", page, re.IGNORECASE)
    assert not re.search(r"url\(\s*[\"']?https?://", page, re.IGNORECASE)
    assert len(page.encode("utf-8")) < 5_000_000
    assert "@media print" in page
    assert "size:A4" in page


def test_two_runs_give_the_same_bytes(tmp_path):
    first = write_brief(BASE, tmp_path / "a.html", lang="en", draws=1_000).read_bytes()
    second = write_brief(BASE, tmp_path / "b.html", lang="en", draws=1_000).read_bytes()
    assert first == second
    assert b"Briefing: will the plan" in first


def test_cli_brief_and_bad_output(tmp_path, capsys):
    out = tmp_path / "brief.html"
    assert main(["brief", "baseline", "-o", str(out), "--lang", "en", "--draws", "500"]) == 0
    assert out.stat().st_size > 100_000
    assert main(["brief", "baseline", "-o", str(tmp_path / "missing" / "b.html")]) == 2
    assert "existing folder" in capsys.readouterr().err


def test_explorer_exports_the_same_briefing(tmp_path):
    from ipsim.widgets import ScenarioExplorer

    explorer = ScenarioExplorer("baseline", lang="en", debounce=0)
    explorer.funding_slider("creation").value = 1.5
    written = explorer.export_brief(tmp_path / "on-screen.html")
    assert written.read_text(encoding="utf-8") == brief(explorer.scenario, lang="en")
    explorer.controls["path"].value = str(tmp_path / "button")
    explorer.controls["brief"].click()
    assert (tmp_path / "button.html").exists()


def takes_rows(page):
    """The rows of "What it would take", as lists of cell texts."""
    import html

    section = page[page.index("<section id='takes'>") : page.index("<section id='hinges'>")]
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell))
            for cell in re.findall(r"<td[^>]*>.*?</td>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", section)
    ]


def test_what_it_would_take_gives_a_unit_cost_ceiling_at_most(page):
    """A funded-units target: its budget "at least", its unit cost "at most" (issue 12, item 7)."""
    rows = [r for r in takes_rows(page) if r and r[0] == "每年支持专利技术产业化项目100项以上"]
    assert len(rows) == 2
    budget, cost = rows
    assert budget[2].startswith("至少")
    assert "倍计划预算" in budget[2]
    assert cost[1] == "支持专利技术产业化项目数单位成本"
    assert re.fullmatch(r"最高\d{3},\d{3}元/个（\d{3},\d{3}–\d{3},\d{3}）", cost[2]), cost[2]
    assert "计划预算" not in cost[2]


def test_what_it_would_take_in_english_says_at_most_for_the_cost():
    page = brief(BASE, lang="en", draws=500)
    rows = [r for r in takes_rows(page) if r and r[1].startswith("unit cost of")]
    assert len(rows) == 1
    assert re.fullmatch(r"at most \d{3},\d{3} CNY per unit \(\d{3},\d{3}–\d{3},\d{3}\)", rows[0][2])
    assert all(
        r[2].startswith(("at least ", "not reachable", "no funding programme"))
        for r in takes_rows(page)
        if r and r not in rows
    )


def test_a_small_budget_multiple_keeps_its_digits_in_the_changes_listed():
    from ipsim.views.brief import _multiple

    assert (_multiple(1.6), _multiple(0.012), _multiple(1.0)) == ("1.60", "0.012", "1.00")


def test_a_plan_with_an_unmodelled_indicator_gets_a_briefing():
    # national-14th leaves civil_case_acceptance out (no baseline in the sources used): its
    # target has no fan, and the page says so instead of failing with a KeyError
    from ipsim.views.brief import brief

    page = brief(load_scenario("national-14th"), lang="en", draws=300)
    assert "Not modelled in this scenario, so no fan:" in page
    assert "id='fan-civil_case_acceptance'" not in page
    assert page.count("<div class='chart' id='fan-") == 7


def test_briefing_has_its_date_issuer_and_page_numbers(tmp_path, capsys):
    import datetime

    out = tmp_path / "b.html"
    args = ["brief", "baseline", "-o", str(out), "--draws", "300", "--issuer", "<b>研究室</b>"]
    assert main(args) == 0
    page = out.read_text(encoding="utf-8")
    today = datetime.date.today().isoformat()
    assert f"发布日期：{today} · 发布单位：&lt;b&gt;研究室&lt;/b&gt;" in page  # escaped
    assert "<b>研究室</b>" not in page
    assert 'counter(page) " / " counter(pages)' in page  # every printed page is numbered
    english = brief(load_scenario("baseline"), lang="en", draws=300, date="2026-06-30")
    assert "Date: 2026-06-30" in english
    assert "Issued by" not in english  # no issuer given, none printed
    capsys.readouterr()
    bad = ["brief", "baseline", "-o", str(tmp_path / "c.html"), "--date", "30/06/2026"]
    assert main(bad) == 2
    assert "expected a date YYYY-MM-DD" in capsys.readouterr().err
    assert not (tmp_path / "c.html").exists()


FIXTURE = "tests/data/evaluate-fixture-national-14th.csv"  # TEST FIXTURE, NOT REAL DATA


def section(page, key):
    """The text of the section ``key`` (tags dropped, entities read)."""
    start = page.index(f"<section id='{key}'")
    return html.unescape(re.sub(r"<[^>]+>", " ", page[start : page.index("</section>", start)]))


def test_the_first_page_summarises_before_the_detail(page):
    """Title, date, headline, one verdict a target, the things that matter most; then a page
    break, then the numbered detail."""
    first = page[page.index("<div class='first-page'>") : page.index("<section id='board'>")]
    assert first.index("<h1>") < first.index("发布日期") < first.index("class='headline'")
    assert first.count("<tr class='verdict'>") == len(BASE.load_plan().targets)
    points = re.findall(r"<li>(.*?)</li>", first.split("<ol class='points'>")[1])
    assert len(points) == 4
    assert points[0].startswith("对达成概率影响最大的是")
    miss = html.unescape(points[1])  # what could make us miss (tests/test_brief_miss.py)
    assert miss.startswith(
        "什么情况下会未达成：就“查处假冒专利案件办案量年均增长20%以上”（达成概率"
    )
    assert re.search(r"增长率低于\d+\.\d%/年：占未达成情形的 \d+%", miss)
    assert points[2].startswith("最易补足的是")
    assert re.fullmatch(r"达成所需：18项目标.*其中\d+项可通过增加.*", html.unescape(points[3]))
    assert ".first-page{break-after:page" in page
    headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert headings[:2] == ["一、目标一览", "二、各目标预测"]
    assert headings[-1] == "七、出处与可复现信息"


def test_the_summary_in_english_names_the_cheapest_lever():
    page = brief(BASE, lang="en", draws=500, date="2026-12-01")
    points = section(page, "summary").split("What matters most")[1]
    assert "What moves the odds most: " in points
    # 500 draws are too few for a box whose every limit is significant: none is told
    assert (
        'What could make us miss: for "Counterfeit-patent cases handled grow at least 20% a year"'
        " (P(met) 50%), no combination of the simulated inputs singles out the misses" in points
    )
    assert re.search(r"reaches 80% with the funding of .+ at \d\.\d\d x planned budget", points)


def test_briefing_as_of_adds_the_mid_term_evaluation(tmp_path):
    """--as-of and --observed: the evaluation follows the board, with the classes ipsim
    evaluate gives (tests/test_evaluate.py checks them by hand), totals and the rule; the first
    page counts them."""
    from ipsim.analysis.evaluate import evaluate

    out = tmp_path / "b.html"
    argv = ["brief", "national-14th", "-o", str(out), "--draws", "300", "--as-of", "2023"]
    assert main([*argv, "--observed", FIXTURE, "--date", "2026-12-01"]) == 0
    page = out.read_text(encoding="utf-8")
    text = section(page, "evaluation")
    assert re.findall(r"<h2>(.*?)</h2>", page)[1] == "二、中期评估"
    result = evaluate("national-14th", 2023, FIXTURE, draws=300)
    for row in result.to_dict("zh")["targets"]:
        assert row["label"] in text
        assert row["class_label"] in text
    assert page.count("<tr class='evaluation'>") == 8
    assert "时间过半、任务过半" in text
    assert "预期性指标：" in text
    assert "截至2023年的中期评估：提前实现1项" in section(page, "summary")


def test_briefing_as_of_a_month_and_its_errors(tmp_path, capsys):
    page = brief(load_scenario("national-14th"), lang="en", draws=200, as_of="2023-06")
    assert "As of 2023-06, from the figures published by then" in page
    bad = ["brief", "national-14th", "-o", str(tmp_path / "b.html"), "--as-of", "mid-2023"]
    assert main(bad) == 2
    assert "expected a year (2023) or a year and month" in capsys.readouterr().err
    assert not (tmp_path / "b.html").exists()
    with pytest.raises(ArgumentError, match="observed: give it with as_of"):
        brief(BASE, draws=200, observed=FIXTURE)


def test_assumptions_and_provenance_speak_chinese_and_quote_the_rest(page):
    """ipsim's words are labels; a source's or an author's words are quoted, marked 原文; what a
    reader types (file name, plan id) is code."""
    for key in ("assumptions", "provenance"):
        body = page[page.index(f"<section id='{key}'>") :]
        body = body[: body.index("</section>")]
        body = re.sub(r"<q class='original'[^>]*>.*?</q>|<code>.*?</code>", "", body)
        words = re.findall(r"[A-Za-z]{3,}", html.unescape(re.sub(r"<[^>]+>", " ", body)))
        assert set(words) <= {"ipsim", "calibrate", "sha", "logit"}, set(words)
    assert "（原文）" in page
    assert "年增长率 17.0%（假设†）" in page
    assert "情景（文件名）" in page
    assert "<code>baseline</code>" in page
