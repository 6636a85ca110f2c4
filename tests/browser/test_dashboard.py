"""The dashboard in a real browser: loads offline, sliders and the language switch work."""

import pytest

from tests.browser.conftest import running_dashboard

LOCAL = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    with running_dashboard(tmp_path_factory.mktemp("dashboard")) as (url, _process):
        yield url


def test_binds_to_this_machine_only_by_default():
    from ipsim.cli import build_parser

    args = build_parser().parse_args(["dashboard"])
    assert (args.host, args.port) == ("127.0.0.1", 8866)


def test_dashboard_offline_slider_and_language(browser, dashboard, artefacts):
    page = browser.new_page(viewport={"width": 1300, "height": 1300})
    failed, errors, outside = [], [], []
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: None if r.url.startswith(LOCAL) else outside.append(r.url))
    page.goto(dashboard, wait_until="networkidle", timeout=120_000)
    page.wait_for_selector(".ipsim-board", timeout=120_000)
    page.screenshot(path=str(artefacts / "dashboard-loaded.png"))
    assert failed == []
    assert errors == []
    assert outside == []  # nothing fetched from the internet

    board_before = page.inner_text(".ipsim-board")
    chart_before = page.inner_html("svg.marks")
    assert "P(all targets met)" in board_before
    # move the first funding slider (creation) to the right with the keyboard
    handle = page.locator(".noUi-handle").first
    handle.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "before => document.querySelector('.ipsim-board').innerText !== before",
        arg=board_before,
        timeout=30_000,
    )
    page.wait_for_timeout(500)
    assert page.inner_text(".ipsim-board") != board_before
    page.screenshot(path=str(artefacts / "dashboard-slider-moved.png"))

    # a target funded by the creation programme: its chart follows the slider
    page.get_by_text("Run", exact=True).click()  # open the accordion section holding the target
    target = "Invention patent applications grow at least 18% a year"
    page.locator(f"select:has(option:text-is('{target}'))").select_option(label=target)
    page.wait_for_function(
        "() => document.body.innerText.includes('Invention patent applications grow at least 18% a year by 2020')",
        timeout=30_000,
    )
    chart_moved = page.inner_html("svg.marks")
    assert chart_moved != chart_before

    page.get_by_text("中文", exact=True).click()
    page.wait_for_function(
        "() => document.querySelector('.ipsim-board').innerText.includes('全部目标达成概率')",
        timeout=30_000,
    )
    assert "专利创造与专利导航产业发展" in page.inner_text("body")
    page.screenshot(path=str(artefacts / "dashboard-chinese.png"))
    assert failed == []
    assert errors == []
    page.close()
