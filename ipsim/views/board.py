"""The status board's data and its HTML table: every target grouped by the plan's projects.

No plotting library is imported, so the explorer and the briefing redraw it fast;
:func:`ipsim.charts.status_board` draws :func:`board_frame` with altair.

A target decided by published figures (:attr:`ipsim.assess.TargetAssessment.decided`) is shown
as decided, not as a probability: "met" or "missed" in the colour of its status, the figures
that decide it and where they were published (:func:`decided_text`, :func:`decided_source`).
Nothing on the board says "achieved" without a published figure: where the Statistics Canada
method calls an open target "target achieved" (its start already meets the threshold and the
median projection still does), the board says "on track" (see DESIGN.md, "One verdict").
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING, Any

from ipsim.i18n import Lang, format_percent, label
from ipsim.views import style as _style
from ipsim.views.text import decided_comparison, short_agency

if TYPE_CHECKING:
    import pandas as pd

    from ipsim.assess import Assessment, TargetAssessment

DECIDED_MARK = "‡"
"""Marks a target decided by published figures, as in ``ipsim run``'s table."""


def short_verdict(decided: str, lang: Lang = "en") -> str:
    """Return "met" or "missed" (已达成, 未达成), shown in place of a decided target's P(met)."""
    return label(f"board.short_{decided}", lang)


def shown_status(t: TargetAssessment) -> str:
    """The status the board shows: the decided one, else Statistics Canada's, never "achieved"
    for a target that no published figure decides (then "on track").

    Examples
    --------
    >>> from ipsim import as_of, assess, load_scenario, simulate
    >>> board = assess(simulate(as_of(load_scenario("national-13th"), 2021), draws=200, rng=1))
    >>> shown_status(board.target("ip_pledge_financing"))
    'target_achieved'
    """
    if t.decided == "met":
        return "target_achieved"
    if t.decided == "missed":
        return "target_missed"
    return "on_track" if t.status_statcan == "target_achieved" else t.status_statcan


def _figure(value: float | None, fraction: bool) -> str:
    """A published figure or a quantity computed from them, as published (not rounded away)."""
    if value is None or not math.isfinite(value):
        return "-"
    if fraction:
        return format_percent(value, 2)
    if abs(value) >= 1e6:
        return f"{value:,.0f}"
    return f"{value:,.6g}"


def decided_figures(t: TargetAssessment, lang: Lang = "en", *, share: bool = False) -> str:
    """The figures deciding ``t`` and the test they pass or fail, e.g. ``2020: 2,180 ≥ 1,800``.

    ``share`` says the indicator's figures are fractions (shown as percentages). When the tested
    quantity is not itself one of the figures (a growth rate, a sum), it follows an arrow:
    ``2015: 100, 2020: 180 → 12.47% ≥ 10.00%``. Empty for an open target.

    Examples
    --------
    >>> from ipsim import as_of, assess, load_scenario, simulate
    >>> board = assess(simulate(as_of(load_scenario("national-13th"), 2021), draws=200, rng=1))
    >>> decided_figures(board.target("ip_pledge_financing"), "zh")
    '2020年：2,180 ≥ 1,800'
    """
    if t.decided is None:
        return ""
    op = decided_comparison(t, plain=False)
    rate = t.unit.startswith("fraction")
    test = f"{_figure(t.decided_value, rate)} {op} {_figure(t.threshold, rate)}"
    figures = sorted(t.decided_figures.items())

    def year(y: int) -> str:
        return label("board.figure_year", lang, year=y)

    if len(figures) == 1 and rate == share and t.decided_value == figures[0][1]:
        return year(figures[0][0]) + test  # the figure is the quantity tested
    separator = label("board.figure_separator", lang)
    shown = separator.join(year(y) + _figure(v, share) for y, v in figures)
    return f"{shown} → {test}" if shown else test


def decided_text(t: TargetAssessment, lang: Lang = "en", *, share: bool = False) -> str:
    """The verdict of a decided target in words, e.g. "met: decided by published figures
    (2020: 2,180 ≥ 1,800)" / "已由公布数据确定达成（2020年：2,180 ≥ 1,800）"; empty when open."""
    if t.decided is None:
        return ""
    figures = decided_figures(t, lang, share=share)
    return label(f"board.decided_{t.decided}", lang, figures=figures)


def decided_source(t: TargetAssessment, lang: Lang = "en") -> str:
    """Where the deciding figures were published, e.g. "figures published in Xinhua ..." (or
    empty)."""
    if t.decided is None or not t.decided_source:
        return ""
    return label("board.source", lang, source=t.decided_source)


def is_share(assessment: Assessment, t: TargetAssessment) -> bool:
    """Whether the figures of ``t``'s indicator are fractions (a share)."""
    return assessment.result.plan.indicator(t.indicator).kind == "share"


def board_frame(assessment: Assessment, lang: Lang = "en") -> pd.DataFrame:
    """One row per target with what the board shows: project, label with markers, P(met), owner.

    ``status`` is what :func:`shown_status` shows; ``decided`` is "met", "missed" or None, and
    ``verdict`` the decided target's verdict in words (empty for an open target).
    """
    import pandas as pd

    plan = assessment.result.plan
    other = label("board.other_project", lang)
    rows = []
    for order, t in enumerate(assessment.targets):
        project = plan.project_of(plan.target(t.id))
        marks = (
            ("*" if t.baseline_assumed else "")
            + ("†" if t.trend_assumed else "")
            + (DECIDED_MARK if t.decided is not None else "")
        )
        status = shown_status(t)
        rows.append(
            {
                "order": order,
                "id": t.id,
                "project": other if project is None else f"{project.number}. {project.label(lang)}",
                "project_number": 99 if project is None else project.number,
                "label": t.label(lang) + marks,
                "p_met": t.p_met if t.p_met == t.p_met else None,
                "p_text": format_percent(t.p_met, 0)
                if t.decided is None
                else short_verdict(t.decided, lang),
                "status": status,
                "status_label": label(status, lang),
                "owner": short_agency(t.agency(lang)),
                "rating": label(t.rating, lang),
                "decided": t.decided,
                "verdict": decided_text(t, lang, share=is_share(assessment, t)),
            }
        )
    return pd.DataFrame(rows)


def board_html(assessment: Assessment, lang: Lang = "en") -> str:
    """Return the board as an HTML table grouped by project, with P(met) bars and status colours.

    A decided target shows "met" or "missed" instead of a probability bar, its verdict with the
    deciding figures, and below the table where they were published.

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> page = board_html(assess(simulate(load_scenario("baseline"), draws=500, rng=1)), "zh")
    >>> page.count("<tr class='target'>"), "全部目标达成概率" in page
    (18, True)
    """
    frame = board_frame(assessment, lang)
    heads = [
        label(key, lang) for key in ("col_label", "col_p_met", "board.col_status", "col_owner")
    ]
    sources = _decided_sources(assessment, lang)
    return (
        f"<div class='ipsim-board' style='font-family:{_style.FONT};font-size:12px'>"
        f"<div style='margin:4px 0'><b>{html.escape(_summary(assessment, lang))}</b></div>"
        "<table style='border-collapse:collapse'>"
        "<thead><tr>"
        + "".join(f"<th style='text-align:left;padding:2px 8px'>{h}</th>" for h in heads)
        + "</tr></thead><tbody>"
        + "".join(_project_rows(frame))
        + "</tbody></table>"
        f"<div style='color:#666;margin-top:4px'>{html.escape(_notes(assessment, lang))}</div>"
        + (
            f"<ul class='decided-sources' style='color:#666;margin:2px 0;padding-left:18px'>{sources}</ul>"
            if sources
            else ""
        )
        + "</div>"
    )


def _project_rows(frame: pd.DataFrame) -> list[str]:
    """The board's table rows: a heading row per project, then a row per target of it."""
    rows = []
    ordered = frame.sort_values(["project_number", "order"])
    for _, group in ordered.groupby("project_number", sort=True):
        project = html.escape(str(group["project"].iloc[0]))
        rows.append(f"<tr class='project'><td colspan='4'><b>{project}</b></td></tr>")
        members: list[Any] = list(group.itertuples(index=False))
        rows += [_target_row(r) for r in members]
    return rows


def _target_row(r: Any) -> str:
    """One target's row: its label, a P(met) bar (or "met"/"missed"), its status, its owner."""
    colour = _style.STATUS_COLOURS.get(r.status, "#999")
    known = r.p_met is not None and math.isfinite(r.p_met)
    exact = repr(float(r.p_met)) if known else ""  # read by browser tests
    width = round(100 * r.p_met) if known else 0
    if not r.verdict:  # open (``decided`` reads NaN once in a frame)
        status, text = html.escape(r.status_label), html.escape(r.p_text)
    else:  # "met" or "missed" and the figures that decide it, not a probability
        status = html.escape(r.verdict)
        text = f"<b style='color:{colour}'>{html.escape(r.p_text)}</b>"
    return (
        "<tr class='target'>"
        f"<td title='{html.escape(r.id)}'>{html.escape(r.label)}</td>"
        f"<td><div style='display:flex;align-items:center;gap:4px'>"
        f"<div style='width:80px;background:#eee;height:10px'>"
        f"<div style='width:{width}%;background:{colour};height:10px'></div></div>"
        f"<span data-target='{html.escape(r.id)}' data-p-met='{exact}'>{text}</span>"
        "</div></td>"
        f"<td><span style='color:{colour};font-weight:bold'>●</span> {status}</td>"
        f"<td>{html.escape(r.owner)}</td></tr>"
    )


def _summary(assessment: Assessment, lang: Lang) -> str:
    """The line above the board: P(all met), the expected number met, the draws."""
    return (
        f"{label('p_all_met', lang)}: {format_percent(assessment.p_all_met, 1)} · "
        f"{label('expected_met', lang)}: {assessment.expected_met:.1f} / {assessment.met.shape[1]} · "
        f"{label('draws', lang)}: {assessment.result.draws:,}"
    )


def _notes(assessment: Assessment, lang: Lang) -> str:
    """The markers' meanings below the board (the decided one only if a target is decided)."""
    notes = f"{label('assumed_marker', lang)} · {label('trend_marker', lang)}"
    if any(t.decided is not None for t in assessment.targets):
        notes += f" · {label('decided_marker', lang)}"
    return notes


def _decided_sources(assessment: Assessment, lang: Lang) -> str:
    """List items saying where the figures deciding each decided target were published."""
    return "".join(
        "<li>"
        + label(
            "board.source_line",
            lang,
            target=html.escape(t.label(lang)) + DECIDED_MARK,
            source=html.escape(decided_source(t, lang)),
        )
        + "</li>"
        for t in assessment.targets
        if t.decided is not None and t.decided_source
    )
