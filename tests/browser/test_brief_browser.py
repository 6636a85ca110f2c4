"""The briefing file opened offline in a real browser: every chart drawn, nothing fetched."""

import pytest

from ipsim.scenario import load_scenario
from ipsim.views.brief import write_brief


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    return write_brief(
        load_scenario("baseline"),
        tmp_path_factory.mktemp("brief") / "brief.html",
        lang="zh",
        draws=2_000,
    )


def test_briefing_opens_offline_with_every_chart_drawn(browser, briefing, artefacts):
    page = browser.new_page(viewport={"width": 1100, "height": 1400})
    requests, errors = [], []
    page.on(
        "request",
        lambda r: None if r.url.startswith(("file://", "data:")) else requests.append(r.url),
    )
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.route(
        "**/*",
        lambda route: (
            route.abort()
            if not route.request.url.startswith(("file://", "data:"))
            else route.continue_()
        ),
    )
    page.goto(briefing.as_uri(), wait_until="load")
    assert requests == []
    assert errors == []
    assert "Error loading script" not in page.inner_text("body")
    charts = page.locator(".chart svg")
    assert charts.count() == 18
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box["width"] > 200
        assert box["height"] > 150
    assert page.locator(".ipsim-board tr.target").count() == 18
    page.screenshot(path=str(artefacts / "briefing-top.png"))
    page.locator("#fans").scroll_into_view_if_needed()
    page.screenshot(path=str(artefacts / "briefing-charts.png"))
    pdf = page.pdf(format="A4")
    assert pdf[:4] == b"%PDF"
    page.close()
