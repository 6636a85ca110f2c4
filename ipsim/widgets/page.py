"""The top of the explorer, what an official reads first: the plan's title, the date, the headline
with the key numbers, then one verdict per target coloured by its band, with the change from the
starting scenario; and the style sheet that keeps the page readable from 390 px to a wall screen.
"""

from __future__ import annotations

import datetime
import html
import math
from typing import TYPE_CHECKING

from ipsim.assess import Assessment
from ipsim.i18n import Lang, label
from ipsim.views.board import headline_text
from ipsim.views.style import FONT

if TYPE_CHECKING:
    import pandas as pd

STYLE = """<style>
.ipsim-explorer { max-width: 1600px; box-sizing: border-box; overflow-wrap: normal;
  word-break: normal; }
.ipsim-explorer :lang(zh), .ipsim-explorer .ipsim-cjk { word-break: keep-all; }
.ipsim-explorer .widget-box, .ipsim-explorer .widget-hbox { flex-wrap: wrap; max-width: 100%; }
.ipsim-explorer .widget-html, .ipsim-explorer .widget-html-content { max-width: 100%; }
.ipsim-explorer .widget-html-content { white-space: normal; }
.ipsim-explorer .ipsim-name { flex: 1 1 14em; min-width: 10em; margin-right: 8px; }
.ipsim-explorer .ipsim-name .widget-html-content { line-height: 1.3; }
.ipsim-explorer .ipsim-slider > .widget-label { display: none; }
.ipsim-explorer .ipsim-slider .widget-readout { min-width: 4.5em; }
.ipsim-explorer .ipsim-slider .slider-container { min-width: 6em; }
.ipsim-explorer .ipsim-unit { flex: 0 1 auto; min-width: 8em; font-size: 12px; color: #333; }
.ipsim-explorer .ipsim-changed { color: #b35900; font-weight: bold; white-space: nowrap; }
.ipsim-explorer .widget-button, .ipsim-explorer .jupyter-button { width: auto;
  min-width: 6em; max-width: 100%; white-space: nowrap; padding: 0 10px; margin: 2px 4px 2px 0; }
.ipsim-explorer .widget-toggle-buttons .widget-toggle-button { width: auto; min-width: 5em; }
.ipsim-explorer .widget-dropdown { width: auto; max-width: 100%; }
.ipsim-explorer .widget-dropdown > select { min-width: 7em; max-width: 100%; }
.ipsim-explorer .widget-label { width: auto; min-width: 0; max-width: 100%; }
.ipsim-head h1 { font-size: 22px; margin: 4px 0; line-height: 1.3; }
.ipsim-head .ipsim-date { color: #555; font-size: 13px; }
.ipsim-head .ipsim-headline { font-size: 15px; margin: 6px 0; line-height: 1.5; }
.ipsim-verdicts { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 14px; }
.ipsim-verdicts span { white-space: nowrap; }
.ipsim-top { width: 100%; max-width: 1200px; border-collapse: collapse; font-size: 13px; }
.ipsim-top td, .ipsim-top th { padding: 3px 6px; text-align: left; vertical-align: top;
  border-bottom: 1px solid #eee; }
.ipsim-top td.ipsim-label { min-width: 8em; overflow-wrap: break-word; }
.ipsim-top td.ipsim-status, .ipsim-top td.ipsim-p, .ipsim-top td.ipsim-delta,
.ipsim-top th.ipsim-nowrap { white-space: nowrap; word-break: keep-all; }
.ipsim-explorer .ipsim-wide { overflow-x: auto; max-width: 100%; }
.ipsim-explorer .ipsim-wide td { word-break: keep-all; overflow-wrap: normal; }
.ipsim-explorer .ipsim-busy { color: #2b6cb0; font-weight: bold; min-height: 1.4em; }
.ipsim-explorer .ipsim-link input { width: 100%; font-size: 12px; }
.ipsim-discovery p { margin: 6px 0; line-height: 1.4; }
.ipsim-discovery p.ipsim-finding { font-size: 15px; font-weight: bold; }
.ipsim-discovery-box { border-collapse: collapse; margin: 4px 0 8px 0; }
.ipsim-discovery-box td, .ipsim-discovery-box th { padding: 3px 8px; text-align: left;
  vertical-align: top; border-bottom: 1px solid #eee; }
.ipsim-discovery-box td.ipsim-number { white-space: nowrap; }
.ipsim-discovery .ipsim-chart svg { max-width: 100%; height: auto; }
@media (max-width: 640px) {
  .ipsim-head h1 { font-size: 18px; }
  .ipsim-top thead { display: none; }
  .ipsim-top tr { display: flex; flex-wrap: wrap; gap: 0 12px; border-bottom: 1px solid #eee;
    padding: 4px 0; }
  .ipsim-top td { border: none; padding: 1px 4px; }
  .ipsim-top td.ipsim-label { flex: 1 1 100%; }
  .ipsim-top td.ipsim-owner { display: none; }
}
</style>"""
"""The explorer's style sheet (an HTML widget may carry a style element but runs no script)."""


def today_text(lang: Lang, today: datetime.date | None = None) -> str:
    """Today's date as its reader writes it.

    Examples
    --------
    >>> day = datetime.date(2026, 12, 2)
    >>> today_text("zh", day), today_text("en", day)
    ('2026年12月2日', '2 December 2026')
    """
    import calendar

    day = today or datetime.date.today()
    month = day.month if lang == "zh" else calendar.month_name[day.month]
    return label("explorer.date", lang, year=day.year, month=month, day=day.day)


def head_html(
    assessment: Assessment,
    lang: Lang,
    *,
    today: datetime.date | None = None,
    frame: pd.DataFrame | None = None,
) -> str:
    """Title (the plan's), date and scenario, the headline, and the count of each verdict
    (``frame``: the board's :func:`~ipsim.views.board.board_frame`, when the caller has it)."""
    from ipsim.views.board import board_frame

    result = assessment.result
    frame = board_frame(assessment, lang) if frame is None else frame
    counts: dict[tuple[str, str], int] = {}
    for name, colour in zip(frame["verdict_label"], frame["colour"], strict=True):
        counts[(str(name), str(colour))] = counts.get((str(name), str(colour)), 0) + 1
    chips = "".join(
        f"<span><b style='color:{html.escape(colour)}'>●</b> "
        f"{html.escape(label('explorer.said', lang, what=name, detail=n))}</span>"
        for (name, colour), n in counts.items()
    )
    scenario = result.scenario.title(lang) or result.scenario.name
    return (
        f"<div class='ipsim-head' style='font-family:{FONT}' lang='{lang}'>"
        f"<h1>{html.escape(result.plan.title(lang))}</h1>"
        f"<div class='ipsim-date'>{html.escape(today_text(lang, today))} · "
        f"{html.escape(label('explorer.said', lang, what=label('explorer.scenario', lang), detail=scenario))}</div>"
        f"<div class='ipsim-headline'>{html.escape(headline_text(assessment, lang))}</div>"
        f"<div class='ipsim-verdicts'>{chips}</div></div>"
    )


def top_board_html(
    assessment: Assessment,
    baseline: Assessment | None,
    lang: Lang,
    *,
    frame: pd.DataFrame | None = None,
) -> str:
    """One row per target: its label, P(met) and verdict in the verdict's colour, and the change
    of P(met) from the starting scenario (``baseline``), in percentage points."""
    from ipsim.views.board import board_frame

    frame = board_frame(assessment, lang) if frame is None else frame
    frame = frame.sort_values(["project_number", "order"])
    before = {t.id: t.p_met for t in baseline.targets} if baseline is not None else {}
    heads = ("col_label", "col_p_met", "verdict.col", "explorer.col_change", "col_owner")
    cells = [label(k, lang) for k in heads]
    head = "".join(
        f"<th class='ipsim-nowrap{' ipsim-owner' if i == 4 else ''}'>{html.escape(c)}</th>"
        for i, c in enumerate(cells)
    )
    rows = [_top_row(r, before.get(str(r.id)), lang) for r in frame.itertuples(index=False)]
    return (
        f"<div class='ipsim-top-board' style='font-family:{FONT}' lang='{lang}'>"
        f"<table class='ipsim-top'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _top_row(r: object, before: float | None, lang: Lang) -> str:
    colour = html.escape(str(getattr(r, "colour", "")))
    p_met = getattr(r, "p_met", None)
    status = getattr(r, "decided_text", "") or getattr(r, "verdict_label", "")
    return (
        f"<tr class='ipsim-target' data-target='{html.escape(str(getattr(r, 'id', '')))}'>"
        f"<td class='ipsim-label'>{html.escape(str(getattr(r, 'label', '')))}</td>"
        f"<td class='ipsim-p' style='color:{colour};font-weight:bold'><span class='ipsim-word'>"
        f"{html.escape(str(getattr(r, 'p_text', '')))}</span></td>"
        f"<td class='ipsim-status'><span class='ipsim-word'><span style='color:{colour}'>●</span> "
        f"{html.escape(str(status))}</span></td>"
        f"<td class='ipsim-delta'><span class='ipsim-word'>"
        f"{html.escape(change_text(p_met, before, lang))}</span></td>"
        f"<td class='ipsim-owner'>{html.escape(str(getattr(r, 'owner', '')))}</td></tr>"
    )


def change_text(p_met: float | None, before: float | None, lang: Lang) -> str:
    """The change of P(met) from the starting scenario: ``+12 pt`` (``+12个百分点``), ``–`` if none.

    Examples
    --------
    >>> change_text(0.52, 0.40, "en"), change_text(0.40, 0.52, "zh"), change_text(0.4, 0.4, "en")
    ('+12 pt', '−12个百分点', '–')
    """
    if p_met is None or before is None or not (math.isfinite(p_met) and math.isfinite(before)):
        return "–"
    points = round(100 * (p_met - before))
    if points == 0:
        return "–"
    sign = "+" if points > 0 else "−"
    return label("explorer.points", lang, value=f"{sign}{abs(points)}")


def busy_html(what: str, lang: Lang) -> str:
    """The busy line shown while something slower than half a second runs."""
    text = label("explorer.busy", lang, what=label(f"explorer.busy_{what}", lang))
    return f"<span class='ipsim-busy-text'>⏳ {html.escape(text)}</span>"
