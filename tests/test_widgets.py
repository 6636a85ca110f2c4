"""The scenario explorer driven in-process, as a notebook would drive it."""

import asyncio
import html
import io
import re
import threading
from pathlib import Path

import openpyxl
import pytest

from ipsim.scenario import dump_scenario, load_scenario
from ipsim.widgets import ScenarioExplorer
from tests.conftest import awkward_scenario


@pytest.fixture
def explorer():
    return ScenarioExplorer("baseline", lang="en", debounce=0)


def p_met(explorer, target):
    return next(t for t in explorer.assessment.targets if t.id == target).p_met


def test_controls_come_from_the_scenarios_declarations(explorer):
    scenario = load_scenario("baseline")
    names = set(explorer.controls)
    assert {f"funding.{p}" for p in scenario.funding} <= names
    assert {f"growth.{i}" for i in scenario.indicators} <= names
    assert {"draws", "reading", "target", "language", "reset", "save", "load"} <= names
    assert explorer.growth_slider("invention_apps").value == pytest.approx(0.17)
    assert explorer.scenario == scenario.with_run(draws=scenario.draws)


def test_a_funding_slider_changes_scenario_assessment_board_and_chart(explorer):
    explorer.controls["target"].value = "invention_apps"  # paid from the creation programme
    before = (p_met(explorer, "invention_apps"), explorer.board, explorer.chart_svg)
    explorer.funding_slider("creation").value = 2.0
    assert explorer.scenario.funding["creation"].multiple == 2.0
    assert p_met(explorer, "invention_apps") > before[0]
    assert explorer.board != before[1]
    assert explorer.chart_svg != before[2]
    assert explorer.last_update_seconds > 0


def test_growth_per_year_draws_and_reading_controls(explorer):
    explorer.growth_slider("invention_apps").value = 0.25
    growth = explorer.scenario.indicators["invention_apps"].params["growth"]
    assert growth.median == pytest.approx(0.25)
    assert growth.params["sd"] == pytest.approx(0.06)  # the spread is kept
    control = explorer._funding["finance"]
    control.per_year.value = True
    control.years[2019].value = 2.0
    assert explorer.scenario.funding["finance"].multiple == {
        2017: 1.0,
        2018: 1.0,
        2019: 2.0,
        2020: 1.0,
    }
    explorer.controls["draws"].value = 2_000
    assert explorer.assessment.result.draws == 2_000
    explorer.controls["reading"].value = "yoy_each_year"
    assert explorer.scenario.reading == "yoy_each_year"
    assert (
        next(t for t in explorer.assessment.targets if t.id == "invention_apps").kind
        == "yoy_each_year"
    )


def test_target_and_language_switch_the_chart_and_labels(explorer):
    explorer.controls["target"].value = "agency_rate"
    assert "At least 70% of patent applications filed through an agency" in explorer._chart.value
    explorer.controls["language"].value = "zh"
    assert "全市专利申请代理率达到70%以上" in explorer._chart.value
    assert "全部目标达成概率" in explorer.board
    assert explorer.funding_slider("creation").description == "专利创造与专利导航产业发展"
    explorer.controls["language"].value = "en"
    assert "P(all targets met)" in explorer.board


def test_save_then_load_gives_the_same_scenario(explorer, tmp_path):
    explorer.funding_slider("operation").value = 1.4
    explorer.growth_slider("trademark_apps").value = 0.3
    path = explorer.save(tmp_path / "mine.yaml")
    assert load_scenario(path) == explorer.scenario
    assert [p.name for p in tmp_path.iterdir()] == ["mine.yaml"]  # atomic: no temporary left
    fresh = ScenarioExplorer("baseline", debounce=0)
    fresh.load(path)
    assert fresh.scenario == explorer.scenario
    assert fresh.funding_slider("operation").value == pytest.approx(1.4)


def test_buttons_save_load_and_reset(explorer, tmp_path):
    explorer.funding_slider("services").value = 0.5
    explorer.controls["path"].value = str(tmp_path / "via-button.yaml")
    explorer.controls["save"].click()
    assert "saved" in explorer._message.value
    assert load_scenario(tmp_path / "via-button.yaml").funding["services"].multiple == 0.5
    explorer.controls["reset"].click()
    assert explorer.scenario.funding["services"].multiple == 1.0
    assert explorer.funding_slider("services").value == 1.0
    explorer.controls["load"].click()
    assert explorer.scenario.funding["services"].multiple == 0.5
    explorer.controls["path"].value = str(tmp_path / "missing.yaml")
    explorer.controls["load"].click()
    assert "no such scenario file" in explorer._message.value  # shown, not raised


def test_changes_are_debounced_in_a_running_notebook():
    explorer = ScenarioExplorer("baseline", lang="en", debounce=0.05)
    calls = []
    original = explorer.refresh

    def counting():
        calls.append(1)
        original()

    explorer.refresh = counting

    async def drag():
        for value in (1.1, 1.2, 1.3, 1.4, 1.5):
            explorer.funding_slider("creation").value = value
        await asyncio.sleep(0.3)

    # in a thread of its own: another test's browser may hold this thread's event loop
    worker = threading.Thread(target=lambda: asyncio.run(drag()))
    worker.start()
    worker.join()
    assert len(calls) == 1
    assert explorer.scenario.funding["creation"].multiple == 1.5


# -- fidelity: what the browser does to the sliders changes nothing -------------------------------
def float_sliders(widget):
    """Every FloatSlider shown under ``widget`` (the page's view of the explorer)."""
    import ipywidgets as w

    if isinstance(widget, w.FloatSlider):
        return [widget]
    found = []
    for child in getattr(widget, "children", ()):
        found += float_sliders(child)
    return found


def browser_snap(slider, shift=0.0):
    """The value noUiSlider sends back for ``slider`` (moved ``shift`` steps first): snapped to
    the grid from ``min`` in percent of the range, with JavaScript's rounding."""
    import math

    span = slider.max - slider.min
    pct = (slider.value + shift * slider.step - slider.min) * 100 / span
    step = slider.step * 100 / span
    return min(
        slider.max, max(slider.min, math.floor(pct / step + 0.5) * step * span / 100 + slider.min)
    )


@pytest.fixture
def awkward(tmp_path):
    """A scenario whose numbers sit off every slider grid: 1.37, a per-year budget, 0.012."""
    s = awkward_scenario()
    path = tmp_path / "awkward.yaml"
    dump_scenario(s, path)
    return load_scenario(path)


def every_p_met(explorer):
    return {t.id: t.p_met for t in explorer.assessment.targets}


@pytest.mark.parametrize("name", ["baseline", "awkward"])
def test_sliders_snapped_by_the_browser_leave_the_scenario_bit_for_bit(name, awkward):
    start = awkward if name == "awkward" else load_scenario("baseline")
    explorer = ScenarioExplorer(start, lang="en", debounce=0)
    before = every_p_met(explorer)
    for shift in (0.0, 0.45, -0.45):  # a snap, or a value anywhere within half a step
        for slider in float_sliders(explorer.widget):
            slider.value = browser_snap(slider, shift)
        assert explorer.scenario.sha256 == start.sha256
        assert explorer.scenario == start
        assert every_p_met(explorer) == before
    for lang in ("zh", "en", "zh"):
        explorer.controls["language"].value = lang
        for slider in float_sliders(explorer.widget):  # the page snaps relabelled sliders again
            slider.value = browser_snap(slider)
        assert explorer.scenario.sha256 == start.sha256
        assert every_p_met(explorer) == before
    # the draws dropdown and reading toggles, set to what they show, change nothing either
    explorer.controls["draws"].value = explorer.controls["draws"].value
    explorer.controls["reading"].value = explorer.controls["reading"].value
    assert explorer.scenario.sha256 == start.sha256


def test_slider_grids_hold_the_starting_values(awkward):
    explorer = ScenarioExplorer(awkward, lang="en", debounce=0)
    for slider in float_sliders(explorer.widget):
        assert slider.min <= slider.value <= slider.max
        assert browser_snap(slider) == pytest.approx(slider.value, abs=1e-9 * slider.step)
    assert explorer.funding_slider("services").value == 0.012  # below the usual minimum, kept


def test_a_language_switch_only_relabels(explorer):
    explorer.funding_slider("creation").value = 1.6
    scenario, board = explorer.scenario, explorer.board
    explorer.controls["language"].value = "zh"
    assert explorer.scenario is scenario
    assert explorer.funding_slider("creation").value == 1.6
    assert "全部目标达成概率" in explorer.board
    explorer.controls["language"].value = "en"
    assert explorer.scenario is scenario
    assert explorer.board == board


# -- disclosure: a moved control is named, from what to what --------------------------------------
def test_moved_controls_are_disclosed_in_name_record_yaml_and_briefing(explorer, tmp_path):
    from ipsim.scenario import Change
    from ipsim.views.brief import brief, modification_lines

    start = load_scenario("baseline")
    explorer.funding_slider("creation").value = 1.6
    explorer.growth_slider("invention_apps").value = 0.25
    explorer.controls["draws"].value = 2_000
    explorer.controls["reading"].value = "yoy_each_year"
    s = explorer.scenario
    assert s.name == "baseline (modified)"
    assert s.title_en == "Baseline: funding as planned (modified)"
    assert s.title_zh == "基准情景：按计划投入（已修改）"
    assert s.modified.original == "baseline"
    assert s.modified.original_sha256 == start.sha256
    assert s.modified.changes == (
        Change("funding.creation.multiple", 1.0, 1.6),
        Change("indicators.invention_apps.growth", 0.17, 0.25),
        Change("draws", 10_000, 2_000),
        Change("reading", "cagr", "yoy_each_year"),
    )
    lines = modification_lines(s, "en")
    assert lines[1] == (
        "funding of Patent creation and patent navigation: 1.00 x -> 1.60 x the planned budget"
    )
    assert "17.0% -> 25.0%" in lines[2]  # the wording of the unit is views.brief's
    assert lines[3:] == [
        "draws: 10,000 -> 2,000",
        "growth targets read as: average annual growth (CAGR) -> growth in every year",
    ]
    assert "计划预算的1.00倍 → 1.60倍" in modification_lines(s, "zh")[1]
    assert "1.00 x -&gt; 1.60 x the planned budget" in explorer._note.value  # on the page too

    path = explorer.save(tmp_path / "mine.yaml")
    text = path.read_text()
    assert "modified:\n  original: baseline\n" in text
    assert "  - input: funding.creation.multiple\n    from: 1.0\n    to: 1.6\n" in text
    again = load_scenario(path)
    assert again == s
    assert again.modified == s.modified
    page = brief(again, lang="en", draws=500)
    head = page[: page.index("class='headline'")]
    assert "Modified from scenario Baseline: funding as planned" in head
    assert "1.00 x -&gt; 1.60 x the planned budget" in head
    assert "draws: 10,000 -&gt; 2,000" in head


def test_a_control_moved_back_leaves_the_list(explorer):
    start = load_scenario("baseline")
    explorer.funding_slider("creation").value = 1.6
    explorer.growth_slider("trademark_apps").value = 0.3
    assert len(explorer.scenario.modified.changes) == 2
    explorer.funding_slider("creation").value = 1.0
    assert [c.input for c in explorer.scenario.modified.changes] == [
        "indicators.trademark_apps.growth"
    ]
    explorer.growth_slider("trademark_apps").value = 0.22
    assert explorer.scenario == start
    assert explorer.scenario.sha256 == start.sha256
    assert explorer._note.value == ""


def test_per_year_budgets_are_disclosed_by_year(explorer):
    control = explorer._funding["finance"]
    control.per_year.value = True
    assert explorer.scenario.modified is None  # every year still at its start
    control.years[2019].value = 2.0
    assert [(c.input, c.before, c.after) for c in explorer.scenario.modified.changes] == [
        ("funding.finance.multiple.2019", 1.0, 2.0)
    ]


def test_moving_a_loaded_modified_scenario_keeps_its_original(explorer, tmp_path):
    explorer.funding_slider("creation").value = 1.6
    path = explorer.save(tmp_path / "once.yaml")
    again = ScenarioExplorer(path, lang="en", debounce=0)
    assert again.scenario.sha256 == load_scenario(path).sha256  # untouched: the file itself
    again.funding_slider("creation").value = 2.0
    again.funding_slider("services").value = 0.5
    record = again.scenario.modified
    assert again.scenario.name == "baseline (modified)"
    assert record.original == "baseline"
    assert [(c.input, c.before, c.after) for c in record.changes] == [
        ("funding.creation.multiple", 1.0, 2.0),
        ("funding.services.multiple", 1.0, 0.5),
    ]
    again.funding_slider("creation").value = 1.0  # back at the original's value
    assert [c.input for c in again.scenario.modified.changes] == ["funding.services.multiple"]


def test_a_modified_record_is_validated(tmp_path):
    from ipsim.errors import ScenarioError

    text = dump_scenario(load_scenario("baseline")).replace(
        "plan: ",
        "modified:\n  original: baseline\n  original_sha256: abc\n  changes:\n"
        "  - {input: draws, from: 1000, to: [1]}\n  - {input: draws, to: 2}\nplan: ",
        1,
    )
    path = tmp_path / "bad-modified.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    message = str(err.value)
    assert "bad-modified.yaml:" in message
    assert "modified.original_sha256: not a sha256; expected 64 hexadecimal digits" in message
    assert "modified.changes[0].to: wrong type; expected a number" in message
    assert "modified.changes[1]: missing required key 'from'" in message


# -- files: the dashboard's page never names a server path ----------------------------------------
@pytest.fixture
def page_explorer():
    return ScenarioExplorer("baseline", lang="en", debounce=0, files="browser")


def test_browser_mode_saves_and_exports_as_downloads(page_explorer):
    import base64
    import re

    assert "path" not in page_explorer.controls
    assert "load" not in page_explorer.controls
    page_explorer.funding_slider("creation").value = 1.6
    page_explorer.controls["save"].click()
    link = page_explorer.downloads
    found = re.search(
        r'download="([^"]+)" href="data:text/yaml;charset=utf-8;base64,([^"]+)"', link
    )
    assert found.group(1) == "baseline-modified.yaml"
    text = base64.b64decode(found.group(2)).decode("utf-8")
    assert text == dump_scenario(page_explorer.scenario)
    assert "<script" not in link
    assert "baseline-modified.yaml" in page_explorer._message.value
    assert "/" not in re.sub(r"<[^>]+>", "", page_explorer._message.value)  # no server path
    page_explorer.controls["draws"].value = 1_000  # fast briefing
    assert page_explorer.downloads == ""  # a link of an older state is withdrawn
    page_explorer.controls["brief"].click()
    found = re.search(
        r'download="([^"]+)" href="data:text/html;charset=utf-8;base64,([^"]+)"',
        page_explorer.downloads,
    )
    assert found.group(1) == "baseline-modified-briefing.html"
    page = base64.b64decode(found.group(2)).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Modified from scenario Baseline: funding as planned" in page


def upload(explorer, name, content):
    """Put a file in the upload button as the page does (ipywidgets 8's FileUpload value)."""
    import datetime

    when = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    entry = {"name": name, "type": "", "size": len(content), "content": memoryview(content)}
    explorer.controls["upload"].value = ({**entry, "last_modified": when},)


def test_browser_mode_loads_an_upload(page_explorer):
    text = dump_scenario(load_scenario("baseline").with_funding("services", multiple=0.5))
    upload(page_explorer, "mine.yaml", text.encode())
    assert page_explorer.scenario.funding["services"].multiple == 0.5
    assert page_explorer.funding_slider("services").value == 0.5
    assert page_explorer.controls["upload"].value == ()
    assert "loaded: mine.yaml" in page_explorer._message.value


@pytest.mark.parametrize(
    ("plan", "why"),
    [
        ("/etc/passwd", "may name only a bundled plan"),
        ("../plans/guangzhou-ip-2017-2020.yaml", "may name only a bundled plan"),
        ("my-plan.yml", "may name only a bundled plan"),
    ],
)
def test_an_upload_naming_a_plan_file_is_refused(page_explorer, plan, why, monkeypatch):
    import ipsim.plan

    opened, real = [], ipsim.plan._load_plan_file

    def spy(path):
        opened.append(path)
        return real(path)

    monkeypatch.setattr(ipsim.plan, "_load_plan_file", spy)
    text = dump_scenario(load_scenario("baseline")).replace(
        "plan: guangzhou-ip-2017-2020", f"plan: {plan}"
    )
    upload(page_explorer, "evil.yaml", text.encode())
    assert why in page_explorer._message.value
    assert [p for p in opened if Path(p).parent != ipsim.plan.PLAN_DIR] == []  # none read
    assert page_explorer.scenario == load_scenario("baseline")


def test_an_upload_too_large_or_not_utf8_is_refused(page_explorer):
    upload(page_explorer, "big.yaml", b"#" * 2_000_000)
    assert "too large for a scenario file" in page_explorer._message.value
    upload(page_explorer, "latin.yaml", "name: caf\xe9\n".encode("latin-1"))
    assert "latin.yaml:1: not UTF-8 text" in page_explorer._message.value


HOSTILE = "<img src=x onerror=alert(1)>"


def test_every_message_is_escaped(explorer, page_explorer, tmp_path, monkeypatch):
    explorer.controls["path"].value = HOSTILE
    explorer.controls["load"].click()
    assert HOSTILE not in explorer._message.value
    assert "&lt;img src=x onerror=alert(1)&gt;" in explorer._message.value
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / HOSTILE.replace("/", "")
    folder.mkdir()
    text = dump_scenario(load_scenario("baseline"))
    (folder / "s.yaml").write_text(text)
    explorer.controls["path"].value = str(folder / "s.yaml")
    explorer.controls["load"].click()
    assert "loaded" in explorer._message.value
    assert "<img" not in explorer._message.value
    explorer.controls["path"].value = str(folder / "saved.yaml")
    explorer.controls["save"].click()
    assert "saved" in explorer._message.value
    assert "<img" not in explorer._message.value
    upload(
        page_explorer,
        HOSTILE + ".yaml",
        text.replace("plan: guangzhou", f"plan: {HOSTILE}guangzhou").encode(),
    )
    assert "<img" not in page_explorer._message.value
    upload(
        page_explorer,
        HOSTILE + ".yaml",
        text.replace("name: baseline", f"name: '{HOSTILE}'").encode(),
    )
    assert "loaded" in page_explorer._message.value
    assert "<img" not in page_explorer._message.value
    page_explorer.funding_slider("creation").value = 1.2
    assert "<img" not in page_explorer._note.value
    page_explorer.controls["save"].click()
    assert "<img" not in page_explorer.downloads
    assert "<img" not in page_explorer._message.value


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ScenarioExplorer("baseline", lang="fr"), "lang: expected 'zh' or 'en', got 'fr'"),
        (
            lambda: ScenarioExplorer("baseline", files="disk"),
            "files: expected 'server' or 'browser'",
        ),
    ],
)
def test_bad_arguments_raise_argument_error(call, message):
    from ipsim.errors import ArgumentError

    with pytest.raises(ArgumentError, match=message.replace("(", r"\(")):
        call()


def test_brief_refuses_an_unknown_language(tmp_path):
    from ipsim.errors import ArgumentError
    from ipsim.views.brief import brief, write_brief

    with pytest.raises(ArgumentError, match="lang: expected 'zh' or 'en', got 'fr'"):
        brief(load_scenario("baseline"), lang="fr")
    with pytest.raises(ArgumentError, match="lang: expected 'zh' or 'en', got 'fr'"):
        write_brief(load_scenario("baseline"), tmp_path / "b.html", lang="fr")
    assert list(tmp_path.iterdir()) == []


def test_a_saved_modified_scenario_passes_validate_and_its_brief_discloses(explorer, tmp_path):
    from ipsim.cli import main

    explorer.funding_slider("creation").value = 1.6
    path = explorer.save(tmp_path / "mine.yaml")
    assert main(["validate", str(path)]) == 0
    out = tmp_path / "mine.html"
    assert main(["brief", str(path), "-o", str(out), "--lang", "zh", "--draws", "500"]) == 0
    page = out.read_text(encoding="utf-8")
    assert "基准情景：按计划投入（已修改）" in page
    assert "由情景“基准情景：按计划投入”修改" in page
    assert "专利创造与专利导航产业发展资金：计划预算的1.00倍 → 1.60倍" in page


# -- issue 12, items 6 and 7: decided targets and levers where more hurts, in the explorer ------


def takes_text(explorer):
    """The sentence the explorer shows under "What it takes" (unescaped)."""
    import html
    import re

    return html.unescape(re.search(r"<p>(.*?)</p>", explorer._takes.value).group(1))


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ("may rise to at most ", " CNY per unit and still give P(met) >= 80%")),
        ("zh", ("最高可达", "元/个，达成概率仍不低于80%")),
    ],
)
def test_what_it_takes_on_a_unit_cost_says_at_most(lang, words):
    explorer = ScenarioExplorer("baseline", lang=lang, debounce=0)
    explorer.controls["target"].value = "industrialization_projects"  # funded units
    answer = explorer.what_it_takes(lever="growth")
    assert answer.search == "largest"
    assert answer.value < answer.current_value  # cheaper units are what it takes
    text = takes_text(explorer)
    for word in words:
        assert word in text
    assert "planned budget" not in text
    assert "计划预算" not in text
    assert "<svg" in explorer._takes.value  # P(met) against the unit cost


def test_what_it_takes_on_funding_names_the_programme_and_its_unit(explorer):
    explorer.controls["target"].value = "invention_apps"
    answer = explorer.what_it_takes()
    assert answer.search == "smallest"
    text = takes_text(explorer)
    assert "needs Patent creation and patent navigation of at least " in text
    assert " x planned budget (Monte Carlo range " in text
    assert "funding.creation" not in text  # the programme's name, not the lever's id


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "met: decided by published figures (2020: 2,180 ≥ 1,800); no lever changes it."),
        ("zh", "已由公布数据确定达成（2020年：2,180 ≥ 1,800），任何手段都无法改变。"),
    ],
)
def test_the_explorer_shows_a_decided_target_as_decided(lang, sentence):
    from ipsim.analysis.calibrate import as_of

    scenario = as_of(load_scenario("national-13th"), 2021).with_run(draws=1_000)
    explorer = ScenarioExplorer(scenario, lang=lang, debounce=0)
    explorer.controls["target"].value = "ip_pledge_financing"
    explorer.what_it_takes()
    assert takes_text(explorer).endswith(sentence)
    assert "<svg" not in explorer._takes.value  # no curve: no lever moves it
    verdict = sentence.split(";")[0].split("，任何")[0]
    assert verdict in explorer.board
    assert "P(met) =" not in explorer.chart_svg + explorer._chart.value


def test_a_value_typed_off_the_grid_is_a_move_and_is_disclosed():
    explorer = ScenarioExplorer("baseline", lang="en", debounce=0)
    slider = explorer.funding_slider("creation")  # step 0.05: the readout box takes 1.02 as typed
    slider.value = 1.02
    assert explorer.scenario.name == "baseline (modified)"
    assert explorer.scenario.funding["creation"].multiple == 1.02
    changes = {c.input: (c.before, c.after) for c in explorer.scenario.modified.changes}
    assert changes == {"funding.creation.multiple": (1.0, 1.02)}


def test_save_and_export_ask_for_a_second_click_before_replacing_a_file(tmp_path):
    explorer = ScenarioExplorer("baseline", lang="en", debounce=0)
    for button, name in (("save", "mine.yaml"), ("brief", "mine.html")):
        path = tmp_path / name
        path.write_text("keep me", encoding="utf-8")
        explorer.controls["path"].value = str(path)
        explorer.controls[button].click()
        assert path.read_text(encoding="utf-8") == "keep me"
        assert "click again to replace it" in explorer._message.value
        explorer.controls[button].click()
        assert path.read_text(encoding="utf-8") != "keep me"
    fresh = tmp_path / "fresh.yaml"
    explorer.controls["path"].value = str(fresh)
    explorer.controls["save"].click()  # a new file needs no confirmation
    assert load_scenario(fresh).sha256 == load_scenario("baseline").sha256


# -- the dashboard for officials: top of the page, units, changes, undo, link, files -----------
def test_the_top_comes_before_the_controls_and_names_the_plan():
    explorer = ScenarioExplorer("baseline", lang="zh", debounce=0)
    children = list(explorer.widget.children)
    first_row = children[1]
    assert explorer._head in first_row.children  # the title, date and headline open the page
    assert children.index(explorer._top) < children.index(explorer._sections)
    assert children.index(explorer._sections) < children.index(explorer._details)
    plan = explorer.scenario.load_plan()
    assert plan.title("zh") in explorer.top
    assert "全部达成的概率" in explorer.top
    assert explorer.top.count("class='ipsim-target'") == len(explorer.assessment.targets)


def test_every_slider_reads_in_a_unit_and_funding_with_an_amount_in_wan_yuan():
    explorer = ScenarioExplorer("baseline", lang="zh", debounce=0)
    operation = explorer._funding["operation"]  # the baseline gives its planned 60,000,000 CNY
    assert "6,000 万元/年" in operation.value.value
    assert "倍计划预算" in explorer._funding["creation"].value.value
    for median in explorer._medians.values():
        assert median.value.value.strip()  # every growth slider has its unit
        assert "g" not in median.slider.readout_format  # 253,800, never 2.538e+5
    assert "家/年" in explorer._medians["certified_units"].value.value
    assert "计划预算的倍数" in explorer._funding["finance"].year_unit.value
    explorer.controls["language"].value = "en"
    assert "CNY 60.0 million a year" in operation.value.value


def test_a_moved_control_is_marked_and_the_board_shows_the_change():
    explorer = ScenarioExplorer("baseline", lang="en", debounce=0)
    assert "ipsim-changed" not in explorer._funding["creation"].value.value
    explorer.funding_slider("creation").value = 2.0
    assert "changed" in explorer._funding["creation"].value.value
    assert "at the start: 1.00 × planned budget" in explorer._funding["creation"].value.value
    assert "ipsim-changed" not in explorer._funding["finance"].value.value
    row = re.search(r"data-target='invention_apps'>.*?</tr>", explorer.top).group()
    assert re.search(r"\+\d+ pt", row)  # more creation funding raises invention applications
    explorer.funding_slider("creation").value = 1.0
    assert "ipsim-changed" not in explorer._funding["creation"].value.value
    assert " pt" not in explorer.top


def test_undo_steps_back_through_the_scenarios_shown():
    explorer = ScenarioExplorer("baseline", lang="en", debounce=0)
    start = explorer.scenario
    explorer.funding_slider("creation").value = 1.5
    explorer.growth_slider("invention_apps").value = 0.25
    after_two = explorer.scenario
    explorer.reset()
    assert explorer.scenario == start
    explorer.undo()  # the reset is undone
    assert explorer.scenario == after_two
    explorer.undo()
    assert explorer.settings() == {"f": {"creation": 1.5}}
    explorer.undo()
    assert explorer.scenario == start
    explorer.undo()
    assert "nothing to undo" in explorer._message.value


def test_a_link_reproduces_the_view_bit_for_bit(awkward):
    explorer = ScenarioExplorer("baseline", lang="en", debounce=0)
    explorer.controls["language"].value = "zh"
    explorer.funding_slider("creation").value = 1.5
    finance = explorer._funding["finance"]
    finance.per_year.value = True
    finance.years[2019].value = 2.0
    explorer.growth_slider("invention_apps").value = 0.25
    explorer.controls["reading"].value = "yoy_each_year"
    explorer.controls["target"].value = "invention_apps"
    link = explorer.link
    assert link.startswith("?s=")
    assert len(link) < 300
    again = ScenarioExplorer("baseline", lang="en", debounce=0, query="token=x&" + link[1:])
    assert again.scenario == explorer.scenario
    assert again.scenario.sha256 == explorer.scenario.sha256
    assert again.settings() == explorer.settings()
    assert again.controls["language"].value == "zh"  # the link's language
    assert again._message.value == ""


def test_the_link_keeps_the_address_and_never_the_token():
    explorer = ScenarioExplorer(
        "baseline", lang="en", debounce=0, query="token=secret", address="http://h:1/"
    )
    explorer.funding_slider("creation").value = 1.5
    assert explorer.link.startswith("http://h:1/?s=")
    assert "secret" not in explorer._link_box.value


BAD_LINKS = [
    ("s=!!", "not URL-safe base64"),
    ("s=PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg", "not base64 of JSON"),  # <script>alert(1)</script>
    ("s=eyJ4IjoxfQ", "unknown setting 'x'"),  # {"x":1}
    ("s=eyJmIjp7ImNyZWF0aW9uIjo5OX19", "outside"),  # {"f":{"creation":99}}
    ("s=eyJmIjp7ImNyZWF0aW9uIjpOYU59fQ", "NaN is not a number"),  # {"f":{"creation":NaN}}
    ("s=eyJmIjp7ImNyZWF0aW9uIjoiMS41In19", "finite numbers"),  # {"f":{"creation":"1.5"}}
    ("s=eyJmIjp7Im5vbmUiOjEuNX19", "no control 'none'"),  # {"f":{"none":1.5}}
    ("s=eyJkIjo3fQ", "not on offer"),  # {"d":7}
    ("s=WzFd", "a JSON object"),  # [1]
    ("s=e30&s=e30", "one view setting"),
    ("s=" + "A" * 3000, "at most"),
]


def test_a_bad_link_is_refused_visibly_and_the_defaults_kept():
    first, why = BAD_LINKS[0]
    explorer = ScenarioExplorer("baseline", lang="en", debounce=0, query=first)
    start = load_scenario("baseline").with_run(draws=explorer.scenario.draws)
    assert explorer.scenario == start
    assert html.escape(why) in explorer._message.value
    explorer.growth_slider("invention_apps").value = 0.2  # a bad link moves nothing either
    moved = explorer.scenario
    for query, why in BAD_LINKS:
        assert explorer.apply_link(query) is False
        assert "the link&#x27;s settings were not applied" in explorer._message.value
        assert html.escape(why) in explorer._message.value
        assert "<script" not in explorer._message.value
        assert explorer.scenario == moved


def test_slow_work_shows_the_busy_line_while_it_runs(monkeypatch):
    import ipsim.widgets.explorer as module

    explorer = ScenarioExplorer("baseline", lang="en", debounce=0)
    seen = []
    real = module.resimulate

    def watched(*args, **kwargs):
        seen.append(explorer._busy.value)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "resimulate", watched)
    explorer.funding_slider("creation").value = 1.5
    assert "simulating" in seen[0]
    assert explorer._busy.value == ""


def test_the_excel_workbook_is_offered_in_the_browser():
    import base64
    import io

    import openpyxl

    explorer = ScenarioExplorer("baseline", lang="zh", debounce=0, files="browser")
    explorer.controls["excel"].click()
    found = re.search(
        r'download="baseline.xlsx" href="data:[^;]+;charset=utf-8;base64,([^"]+)"',
        explorer.downloads,
    )
    book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(found.group(1))))
    assert book.sheetnames[:2] == ["目标看板", "假设"]
    explorer.funding_slider("creation").value = 1.5  # an earlier state's download is withdrawn
    assert explorer.downloads == ""


def test_an_excel_upload_is_read_as_the_scenario_it_was_written_from():
    explorer = ScenarioExplorer("baseline", lang="en", debounce=0, files="browser")
    data = explorer.workbook()
    explorer._uploaded({"new": [{"name": "mine.xlsx", "content": data}]})
    assert "loaded: mine.xlsx" in explorer._message.value
    assert explorer.scenario.funding == load_scenario("baseline").funding
    assert "cannot carry an uploaded scenario" in explorer._link_box.value


def test_an_edited_workbook_uploads_and_a_plan_path_in_one_is_refused():
    from ipsim.views.workbook import scenario_workbook_bytes

    book = openpyxl.load_workbook(io.BytesIO(scenario_workbook_bytes(load_scenario("baseline"))))
    sheet = book["funding"]
    heads = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=heads.index("multiple of the reference") + 1, value=2.0)
    edited = io.BytesIO()
    book.save(edited)
    explorer = ScenarioExplorer("baseline", lang="en", debounce=0, files="browser")
    explorer._uploaded({"new": [{"name": "edited.xlsx", "content": edited.getvalue()}]})
    assert "loaded: edited.xlsx" in explorer._message.value
    assert 2.0 in [lever.multiple for lever in explorer.scenario.funding.values()]
    for row in book["scenario"].iter_rows():
        if row[0].value == "plan":
            row[1].value = "/etc/passwd"
    hostile = io.BytesIO()
    book.save(hostile)
    explorer._uploaded({"new": [{"name": "hostile.xlsx", "content": hostile.getvalue()}]})
    assert "bundled" in explorer._message.value
    assert "/etc/passwd" in html.unescape(explorer._message.value)  # said, not read
    assert "loaded: hostile.xlsx" not in explorer._message.value


def test_the_evaluation_tab_classes_every_target():
    explorer = ScenarioExplorer("baseline", lang="zh", debounce=0)
    assert next(iter(explorer.controls["as_of"].options)) == 2017
    result = explorer.evaluation(2018)
    shown = explorer._evaluation.value
    assert "评估结论" in shown
    assert "实现概率" in shown
    assert shown.count("<tr") == len(result.to_frame("zh")) + 1
    assert "0.1" not in re.sub(r"<[^>]+>", " ", shown.split("<table")[1])  # P(met) in percent


# -- issue 16, item 3: "What could make us miss" (scenario discovery) in the explorer ---------


def discovered_text(explorer):
    """The words the discovery panel shows (tags dropped, unescaped, charts left out)."""
    shown = re.sub(r"<svg.*?</svg>", " ", explorer._discovered.value, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", shown))


def test_discovery_finds_the_thresholds_of_a_miss_and_relabels_with_the_language(explorer):
    odds = {t.id: abs(t.p_met - 0.5) for t in explorer.assessment.targets}
    assert explorer.controls["discover_target"].value == min(odds, key=odds.__getitem__)
    explorer.controls["discover_target"].value = "invention_apps"
    explorer.controls["discover"].click()
    text = discovered_text(explorer)
    assert explorer._busy.value == ""
    # the run is the board's (same draws, same seed): its P(met) is the board's
    assert f"P(met) {p_met(explorer, 'invention_apps'):.0%}" in text
    found = re.search(r"growth of invention patent applications below (\d+\.\d) %/yr", text)
    assert 15 < float(found.group(1)) < 22  # the plan's 18 %/yr, give or take
    for words in ("coverage ", "density ", "quasi-p-value"):
        assert words in text
    assert explorer._discovered.value.count("<svg") == 2  # trade-off and box charts
    explorer.controls["language"].value = "zh"
    text = discovered_text(explorer)
    assert re.search(r"发明专利申请量增长率低于\d+\.\d%/年", text)
    assert "覆盖率" in text
    assert "below" not in text
    assert "coverage" not in text
    assert explorer.controls["discover"].description == "查找"


def test_discovery_searches_the_scenario_on_screen_and_follows_the_chosen_target(explorer):
    explorer.controls["target"].value = "invention_apps"  # the fan chart's: the panel follows
    assert explorer.controls["discover_target"].value == "invention_apps"
    explorer.funding_slider("creation").value = 0.5
    found = explorer.discovery()
    assert found.k_total / found.n_total == pytest.approx(1 - p_met(explorer, "invention_apps"))
    bundled = explorer._baseline.target("invention_apps").p_met  # the starting scenario's
    assert bundled - p_met(explorer, "invention_apps") > 0.05
    explorer.funding_slider("creation").value = 0.6  # a new scenario withdraws the old search
    assert explorer._discovered.value == ""


@pytest.mark.parametrize(
    ("lang", "words"),
    [("en", "no draw misses in this scenario"), ("zh", "本情景下所有模拟均达成")],
)
def test_discovery_of_a_target_without_misses_says_so_plainly(lang, words):
    from ipsim.analysis.calibrate import as_of

    scenario = as_of(load_scenario("national-13th"), 2021).with_run(draws=1_000)
    explorer = ScenarioExplorer(scenario, lang=lang, debounce=0)
    explorer.controls["discover_target"].value = "ip_pledge_financing"  # decided: met
    assert not explorer.discovery().found
    text = discovered_text(explorer)
    assert words in text
    assert "<table" not in explorer._discovered.value  # no box, no limits to list


def test_discovery_of_a_target_missed_whatever_the_inputs_says_so():
    explorer = ScenarioExplorer("baseline", lang="en", debounce=0, target="soe_invention_apps")
    assert explorer.controls["discover_target"].value == "soe_invention_apps"  # as asked
    found = explorer.discovery()  # P(met) 15 %: most draws miss
    assert not found.found
    assert "of all draws miss whatever the inputs" in discovered_text(explorer)
