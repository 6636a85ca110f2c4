"""The status board's data and its HTML table: every target grouped by the plan's projects.

No plotting library is imported, so the explorer and the briefing redraw it fast;
:func:`ipsim.charts.status_board` draws :func:`board_frame` with altair.

One verdict (DESIGN.md, "One verdict"): the colour of a target's bar and dot is its verdict,
the likelihood band of P(met) (:func:`ipsim.status.verdict`, colours
:data:`ipsim.views.style.VERDICT_COLOURS`), so the colour can never contradict the number
beside it; "near the 66% cut" follows a verdict that another seed might change. The Statistics
Canada status stays, uncoloured, as "progress so far": retrospective, on published figures,
with the years it read or why it could not be assessed.

A target decided by published figures (:attr:`ipsim.assess.TargetAssessment.decided`) is shown
as decided, not as a probability: "met" or "missed" in the colour of its verdict, the figures
that decide it and where they were published (:func:`decided_text`, :func:`decided_source`).
Nothing on the board says "achieved" without a published figure.
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING, Any

from ipsim.i18n import Lang, format_percent, label
from ipsim.probability import format_interval, format_probability
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


def verdict_colour(t: TargetAssessment) -> str:
    """The colour of ``t``'s verdict: its likelihood band's, or the decided one's.

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> board = assess(simulate(load_scenario("national-13th"), draws=2_000, rng=1))
    >>> t = board.target("invention_patents_per_10k")
    >>> t.verdict, verdict_colour(t)
    ('likely', '#74c0a0')
    """
    return _style.VERDICT_COLOURS[t.verdict]


def progress_text(t: TargetAssessment, lang: Lang = "en") -> str:
    """The Statistics Canada status of progress so far, with what it read or why not: "acceleration
    needed (observed progress 2016–2017)", "not assessable: no published figure after the base
    year 2016"."""
    note = t.status_note(lang)
    if t.decided is not None or not note:
        return label(t.status_statcan, lang)
    key = "board.progress_why" if t.status_years is None else "board.progress_basis"
    return label(key, lang, status=label(t.status_statcan, lang), note=note)


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
    """One row per target with what the board shows: project, label with markers, P(met), the
    verdict and its colour, progress so far, owner.

    ``verdict`` is the verdict's id (:data:`ipsim.status.VERDICTS`), ``verdict_label`` its
    words (short; "near the 66% cut" added where the interval straddles one) and
    ``verdict_legend`` its words with the thresholds; ``progress`` the Statistics Canada status
    of the published figures so far, in words. ``decided`` is "met", "missed" or None, and
    ``decided_text`` the decided target's verdict with its figures (empty for an open target).
    """
    import pandas as pd

    plan = assessment.result.plan
    other = label("board.other_project", lang)
    draws = assessment.result.draws
    rows = []
    for order, t in enumerate(assessment.targets):
        project = plan.project_of(plan.target(t.id))
        rows.append(
            {
                "order": order,
                "id": t.id,
                "project": other if project is None else f"{project.number}. {project.label(lang)}",
                "project_number": 99 if project is None else project.number,
                "label": t.label(lang) + _marks(t),
                "p_met": t.p_met if t.p_met == t.p_met else None,
                "p_text": t.p_met_text(lang, digits=0, draws=draws)
                if t.decided is None
                else short_verdict(t.decided, lang),
                "verdict": t.verdict,
                "verdict_label": t.verdict_text(lang, short=True),
                "verdict_legend": label(f"verdict.{t.verdict}", lang),
                "colour": verdict_colour(t),
                "progress": progress_text(t, lang),
                "owner": short_agency(t.agency(lang)),
                "rating": label(t.rating, lang),
                "decided": t.decided,
                "decided_text": decided_text(t, lang, share=is_share(assessment, t)),
            }
        )
    return pd.DataFrame(rows)


def _marks(t: TargetAssessment) -> str:
    """The markers after a target's name: ``*`` assumed baseline, ``†`` assumed trend, ``‡``
    decided by published figures."""
    return (
        ("*" if t.baseline_assumed else "")
        + ("†" if t.trend_assumed else "")
        + (DECIDED_MARK if t.decided is not None else "")
    )


def board_html(
    assessment: Assessment, lang: Lang = "en", *, frame: pd.DataFrame | None = None
) -> str:
    """Return the board as an HTML table grouped by project: P(met) bars and dots coloured by
    the verdict, the verdict in words, progress so far, the owner (``frame``: its
    :func:`board_frame`, when the caller has it already).

    A decided target shows "met" or "missed" instead of a probability bar, its verdict with the
    deciding figures, and below the table where they were published. Below the table: what the
    verdicts' bands are, what the statuses are computed on, and the markers.

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> page = board_html(assess(simulate(load_scenario("baseline"), draws=500, rng=1)), "zh")
    >>> page.count("<tr class='target'>"), "全部目标达成概率" in page, "或许可能" in page
    (18, True, True)
    """
    frame = board_frame(assessment, lang) if frame is None else frame
    keys = ("col_label", "col_p_met", "verdict.col", "board.col_progress", "col_owner")
    heads = [label(key, lang) for key in keys]
    sources = _decided_sources(assessment, lang)
    notes = [label("verdict.bands_note", lang), label("verdict.status_note", lang)]
    notes.append(_notes(assessment, lang))
    return (
        f"<div class='ipsim-board' style='font-family:{_style.FONT};font-size:12px'>"
        f"<div style='margin:4px 0'><b>{html.escape(summary_line(assessment, lang))}</b></div>"
        "<table style='border-collapse:collapse'>"
        "<thead><tr>"
        + "".join(f"<th style='text-align:left;padding:2px 8px'>{h}</th>" for h in heads)
        + "</tr></thead><tbody>"
        + "".join(_project_rows(frame))
        + "</tbody></table>"
        + "".join(
            f"<div style='color:#666;margin-top:4px'>{html.escape(note)}</div>" for note in notes
        )
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
        rows.append(f"<tr class='project'><td colspan='5'><b>{project}</b></td></tr>")
        members: list[Any] = list(group.itertuples(index=False))
        rows += [_target_row(r) for r in members]
    return rows


def _target_row(r: Any) -> str:
    """One target's row: its label, a P(met) bar (or "met"/"missed"), its verdict, progress so
    far, its owner. Bar, dot and decided word share the verdict's colour."""
    colour = r.colour
    known = r.p_met is not None and math.isfinite(r.p_met)
    exact = repr(float(r.p_met)) if known else ""  # read by browser tests
    width = round(100 * r.p_met) if known else 0
    if not r.decided_text:  # open (``decided`` reads NaN once in a frame)
        verdict, text = html.escape(r.verdict_label), html.escape(r.p_text)
        wrap = "white-space:nowrap"
    else:  # "met" or "missed" and the figures that decide it, not a probability
        verdict = html.escape(r.decided_text)
        text = f"<b style='color:{colour}'>{html.escape(r.p_text)}</b>"
        wrap = ""
    return (
        "<tr class='target'>"
        f"<td title='{html.escape(r.id)}'>{html.escape(r.label)}</td>"
        f"<td><div style='display:flex;align-items:center;gap:4px'>"
        f"<div style='width:80px;background:#eee;height:10px'>"
        f"<div style='width:{width}%;background:{colour};height:10px'></div></div>"
        f"<span data-target='{html.escape(r.id)}' data-p-met='{exact}' "
        f"style='white-space:nowrap'>{text}</span>"
        "</div></td>"
        f"<td data-verdict='{html.escape(r.verdict)}' style='{wrap}'>"
        f"<span style='color:{colour};font-weight:bold'>●</span> {verdict}</td>"
        f"<td style='color:#666;font-size:11px'>{html.escape(r.progress)}</td>"
        f"<td>{html.escape(r.owner)}</td></tr>"
    )


def summary_line(assessment: Assessment, lang: Lang = "en") -> str:
    """The line above the board: P(all met) (never "0.0%") and what the targets' own P(met)
    allow it to be under any dependence, the expected number met, the draws, and the dependence
    between trends the scenario states (what P(all met) assumes).

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> summary_line(assess(simulate(load_scenario("baseline"), draws=2_000, rng=1)))[:60]
    'P(all targets met): < 0.2% · whatever the dependence between'
    """
    from ipsim.joint import describe_dependence

    draws = assessment.result.draws
    low, _, high = format_interval(*assessment.p_all_met_frechet, lang).partition("–")
    bounds = label("verdict.p_frechet", lang, lo=low, hi=high)

    def field(key: str, value: str) -> str:  # a full-width colon after Chinese
        return label("tables.field", lang, name=label(key, lang), value=value)

    return (
        f"{field('p_all_met', format_probability(assessment.p_all_met, draws, lang))} · "
        f"{bounds} · "
        f"{field('expected_met', f'{assessment.expected_met:.1f} / {assessment.met.shape[1]}')} · "
        f"{field('draws', f'{draws:,}')} · "
        f"{describe_dependence(assessment.result.scenario, lang)}"
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


def headline_text(assessment: Assessment, lang: Lang) -> str:
    """The sentence an official reads first (the briefing's and the dashboard's headline): how
    many targets are likely met and how many unlikely (by their verdicts), P(all met) with what
    any dependence allows and the expected number met, or how many published figures decide.

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> board = assess(simulate(load_scenario("baseline"), draws=500, rng=1))
    >>> headline_text(board, "en")[:40]
    '1 of the 18 targets are likely or very l'
    """
    targets = assessment.targets
    open_ = [t for t in targets if t.decided is None]
    decided = len(targets) - len(open_)
    met = sum(t.decided == "met" for t in targets)
    low, high = assessment.p_all_met_frechet
    key = "verdict.headline_decided" if decided else "verdict.headline"
    return label(
        key if open_ else "brief.headline_all_decided",
        lang,
        likely=sum(t.verdict in ("likely", "very_likely") for t in open_),
        unlikely=sum(t.verdict in ("unlikely", "very_unlikely") for t in open_),
        n=len(targets),
        p_all=format_probability(assessment.p_all_met, assessment.result.draws, lang),
        bounds=format_interval(low, high, lang),
        expected=f"{assessment.expected_met:.1f}",
        decided=decided,
        met=met,
        missed=decided - met,
        open=len(open_),
    )
