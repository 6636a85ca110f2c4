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


A4_CONTENT_PX = (725, 1039)
"""The printable area of an A4 page with the briefing's margins (210 - 18 mm wide, 297 - 22 mm
high) in CSS pixels (96 per inch)."""

LINES = """els => els.map(e => {
  const r = document.createRange(); r.selectNodeContents(e);
  return [e.textContent, new Set([...r.getClientRects()].map(b => Math.round(b.top))).size];
})"""


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_first_page_fits_a4_and_no_indicator_wraps_past_three_lines(
    browser, tmp_path, artefacts, lang
):
    """In print layout at A4 width: the summary (head, verdicts, what matters) fits one page,
    and no indicator name in the assumptions table runs over three lines."""
    path = write_brief(load_scenario("baseline"), tmp_path / "b.html", lang=lang, draws=500)
    width, height = A4_CONTENT_PX
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(path.as_uri(), wait_until="load")
    page.emulate_media(media="print")
    first = page.locator(".first-page").bounding_box()
    assert first["height"] <= height, first
    page.screenshot(path=str(artefacts / f"briefing-first-page-{lang}.png"))
    lines = page.eval_on_selector_all(".assumptions td.label", LINES)
    assert len(lines) == len(load_scenario("baseline").indicators)
    assert max(n for _, n in lines) <= 3, lines
    page.locator("#assumptions").screenshot(
        path=str(artefacts / f"briefing-assumptions-{lang}.png")
    )
    page.close()
