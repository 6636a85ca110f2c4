"""The briefing: one self-contained HTML page an official can read without ipsim.

It holds a headline, the status board by project with owners, a fan chart per target, what each
target would take (goal-seek on its funding: the smallest budget where more helps, the largest
where more hurts; and on its unit cost where it has one: the highest cost that still does), what
it hinges on (one-at-a-time swings), every assumption with its source or rationale, the method
and the provenance. A target decided by published figures is shown as decided everywhere: its
verdict with the figures and their source, no fan, no goal-seek, no swings. Charts are inline SVG
(drawn by vl-convert), styles inline, no script and no external reference: the page opens
offline and prints on A4. Identical inputs give identical bytes (no clock, fixed seeds).

Every word on the page comes from :mod:`ipsim.i18n.brief` (keys ``brief.*``); what a model
parameter is (a growth rate or not) comes from the model registry.
"""

from __future__ import annotations

import functools
import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipsim.errors import ArgumentError
from ipsim.i18n import Lang, format_percent, label
from ipsim.probability import format_interval, format_probability
from ipsim.views.board import headline_text

if TYPE_CHECKING:
    from ipsim.assess import Assessment
    from ipsim.joint import DependenceRange
    from ipsim.scenario import Scenario

LIKELY = 0.66
"""P(met) from which a target counts as likely met (the IPCC's "likely"; the cut of
:data:`ipsim.status.BAND_CUTS` between "about as likely as not" and "likely")."""
SWING_DRAWS = 256
"""Draws per point of the one-at-a-time swings ("what it hinges on")."""

_CSS = """
body{font-family:%(font)s;max-width:1000px;margin:24px auto;padding:0 16px;color:#222;font-size:13px;line-height:1.5}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:2px solid #2b6cb0;padding-bottom:2px}
h3{font-size:14px;margin:12px 0 4px}
.headline{font-size:16px;background:#f3f7fb;border-left:4px solid #2b6cb0;padding:8px 12px;margin:12px 0}
.meta{color:#555}.note{color:#555;font-size:12px}
table{border-collapse:collapse;width:100%%}th,td{text-align:left;padding:3px 6px;border-bottom:1px solid #e5e5e5;vertical-align:top}
th{background:#f5f5f5}.num{text-align:right;white-space:nowrap}
table.compact td{padding:1px 6px}table.compact td.word{white-space:nowrap}table.compact td.owner{color:#555}
ol.points{margin:4px 0;padding-left:22px}ol.points li{margin:3px 0}
.first-page{break-after:page;page-break-after:always}
.assumptions table{table-layout:fixed}.assumptions th:nth-child(1){width:19%%}.assumptions th:nth-child(2){width:15%%}
.assumptions th:nth-child(3){width:36%%}.assumptions th:nth-child(4){width:30%%}
td.basis,.assumptions .note{overflow-wrap:anywhere}q.original{quotes:none}
table.evaluation th,table.evaluation td{white-space:nowrap}table.evaluation td.label,table.evaluation td.class{white-space:normal}
.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{width:480px;break-inside:avoid;page-break-inside:avoid}
.chart svg{max-width:100%%;height:auto}
@media print{@page{size:A4;margin:10mm 9mm 12mm;@bottom-center{content:counter(page) " / " counter(pages);font-size:9px;color:#666}}
body{max-width:none;margin:0;padding:0;font-size:10px;line-height:1.4}h1{font-size:18px}h2{font-size:14px;margin:16px 0 6px}
.headline{font-size:12.5px;padding:5px 10px;margin:8px 0}table{font-size:9px}.note{font-size:9px}
table.compact{font-size:9.5px}.assumptions .note{font-size:8.5px}
h2{break-after:avoid;page-break-after:avoid}.chart{width:48%%}tr{break-inside:avoid;page-break-inside:avoid}
.headline{background:none}}
"""


def brief(
    scenario: Scenario,
    *,
    lang: Lang = "zh",
    draws: int | None = None,
    rng: int | None = None,
    probability: float = 0.8,
    issuer: str | None = None,
    date: str | None = None,
    as_of: int | str | None = None,
    observed: Any = None,
) -> str:
    """Return the briefing of ``scenario`` as one self-contained HTML document.

    Printed, every A4 page carries its number ("3 / 9"); the head carries the date and, if given,
    the issuing unit.

    Parameters
    ----------
    scenario : Scenario
    lang : {"zh", "en"}
    draws, rng : int, optional
        Monte Carlo draws and seed (defaults: the scenario's). The seed is a whole number, not a
        Generator: the page prints it, so that anyone can run the same numbers again.
    probability : float
        The P(met) that "what it would take" aims at.
    issuer : str, optional
        The issuing unit printed under the title (e.g. a research office).
    date : str, optional
        The date printed under the title, ``YYYY-MM-DD`` (default: today).
    as_of : int or str, optional
        An evaluation date, ``YYYY`` or ``"YYYY-MM"``: the projections start from the figures
        published by then (:func:`ipsim.analysis.calibrate.as_of`) and a mid-term evaluation
        section (:func:`ipsim.analysis.evaluate.evaluate`) follows the board.
    observed : ObservedData or path, optional
        Published figures added to the plan's bundled ones (with ``as_of`` only).

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> page = brief(load_scenario("baseline"), lang="en", draws=1_000)
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page, page.count("<svg") >= 18
    (True, False, True)
    >>> page = brief(load_scenario("baseline"), draws=500, issuer="研究室", date="2026-12-01")
    >>> "发布日期：2026-12-01 · 发布单位：研究室" in page
    True
    """
    from ipsim._args import language, whole_number
    from ipsim.assess import assess
    from ipsim.simulate import simulate
    from ipsim.views.style import FONT

    lang = language(lang)  # type: ignore[assignment]
    issued = _issued_line(lang, issuer, _date_text(date))
    seed = None if rng is None else whole_number("rng", rng, low=0)
    evaluation = None
    if as_of is not None:
        scenario, evaluation = _as_of(scenario, as_of, observed, draws=draws, seed=seed)
    elif observed is not None:
        raise ArgumentError("observed: give it with as_of (the evaluation date it is read at)")
    run = scenario.with_run(draws=draws, seed=seed)
    board = assess(simulate(run, keep_inputs=True))  # kept for "what could make us miss"
    return (
        "<!DOCTYPE html>\n"
        f"<html lang='{label('brief.html_lang', lang)}'><head><meta charset='utf-8'>"
        f"<title>{html.escape(label('brief.title', lang))} {html.escape(run.title(lang) or run.name)}</title>"
        f"<style>{_CSS % {'font': FONT}}</style></head><body>\n"
        + "\n".join(_sections(run, board, lang, probability, issued, evaluation))
        + "\n</body></html>\n"
    )


def write_brief(
    scenario: Scenario, path: str | Path, *, overwrite: bool = True, **options: Any
) -> Path:
    """Write :func:`brief` to ``path`` atomically and return the path.

    With ``overwrite=False`` an existing file is kept and :class:`FileExistsError` raised.
    """
    from ipsim._outputs import write_text_atomic

    path = Path(path)
    write_text_atomic(path, brief(scenario, **options), overwrite=overwrite)
    return path


# -- sections ---------------------------------------------------------------------------------
def _as_of(
    scenario: Scenario, as_of: int | str, observed: Any, *, draws: int | None, seed: int | None
) -> tuple[Scenario, Any]:
    """The scenario recalibrated on what was published by ``as_of``, and the evaluation then."""
    from ipsim.analysis.calibrate import as_of as calibrated_as_of
    from ipsim.analysis.evaluate import evaluate, parse_as_of
    from ipsim.observed import ObservedData, load_observed, read_observed

    year = parse_as_of(as_of).year
    plan = scenario.load_plan()
    data = load_observed(plan)
    if observed is not None:
        extra = (
            observed if isinstance(observed, ObservedData) else read_observed(observed, plan=plan)
        )
        data = data.combined(extra)
    later = calibrated_as_of(scenario, year, data)  # says which years can be a vantage point
    return later, evaluate(scenario, as_of, observed, draws=draws, seed=seed)


def _date_text(date: str | None) -> str:
    """The briefing's date as ``YYYY-MM-DD``: ``date`` checked, or today."""
    import datetime

    if date is None:
        return datetime.date.today().isoformat()
    try:
        return datetime.date.fromisoformat(str(date)).isoformat()
    except ValueError:
        msg = f"date: expected a date YYYY-MM-DD, got {date!r}"
        raise ArgumentError(msg) from None


def _issued_line(lang: Lang, issuer: str | None, date: str) -> str:
    """The line under the title: the date and, if given, the issuing unit (escaped)."""
    parts = [label("brief.date", lang, date=date)]
    if issuer:
        parts.append(label("brief.issuer", lang, issuer=issuer))
    return f"<div class='meta'>{html.escape(' · '.join(parts))}</div>"


def _sections(
    run: Scenario,
    board: Assessment,
    lang: Lang,
    probability: float,
    issued: str = "",
    evaluation: Any = None,
) -> list[str]:
    """The page's body: the head and the one-page summary, then the numbered sections (the
    mid-term evaluation second when there is one)."""
    from ipsim.analysis.goalseek import goal_seek_all
    from ipsim.analysis.sensitivity import one_at_a_time
    from ipsim.views.brief_sources import assumptions_html, provenance_html
    from ipsim.views.brief_summary import evaluation_body, summary_section

    answers = goal_seek_all(
        run, lever="funding", probability=probability, draws=min(run.draws, 10_000)
    )
    costs = _cost_ceilings(run, board, probability)
    swings = one_at_a_time(run, draws_per_point=SWING_DRAWS)
    decided = any(t.decided for t in board.targets)
    fans_note = label("brief.fans_note", lang) + (
        label("brief.fans_decided", lang) if decided else ""
    )
    takes_note = label("brief.takes_note", lang, p=format_percent(probability, 0))
    detail = [
        ("board", _board(board, lang)),
        ("fans", _note(fans_note) + _fans(board, lang)),
        ("takes", _note(takes_note) + _takes(board, answers, costs, lang)),
        ("hinges", _note(label("brief.hinges_note", lang)) + _hinges(board, swings, lang)),
        ("assumptions", assumptions_html(run, lang)),
        ("method", _method(board, lang, _dependence_span(board))),
        ("provenance", provenance_html(board, lang)),
    ]
    if evaluation is not None:
        detail.insert(1, ("evaluation", evaluation_body(evaluation, lang)))
    first_page = (
        f"<div class='first-page'>{_head(board, lang, issued)}"
        f"{summary_section(board, answers, swings, lang, probability, evaluation)}</div>"
    )
    return [first_page, *(_section(k, lang, body, n) for n, (k, body) in enumerate(detail, 1))]


def _note(text: str) -> str:
    return f"<p class='note'>{text}</p>"


def _section(key: str, lang: Lang, body: str, number: int) -> str:
    title = label(f"brief.{key}", lang)
    n = label(f"brief.n{number}", lang)
    heading = html.escape(label("brief.section_heading", lang, n=n, title=title))
    return f"<section id='{key}'><h2>{heading}</h2>{body}</section>"


def _head(board: Assessment, lang: Lang, issued: str = "") -> str:
    sim = board.result
    plan, scenario = sim.plan, sim.scenario
    title = scenario.title(lang)
    return (
        f"<h1>{html.escape(label('brief.title', lang))}</h1>"
        f"<div class='meta'>{html.escape(plan.title(lang))} · {html.escape(plan.source.get('document', ''))}</div>"
        f"<div class='meta'>{html.escape(label('brief.scenario_line', lang, title=''))}"
        f"<b>{html.escape(title or scenario.name)}</b></div>{issued}"
        f"{modification_html(scenario, lang)}"
        f"<div class='headline'>{html.escape(headline_text(board, lang))}</div>"
    )


def modification_lines(scenario: Scenario, lang: Lang = "en") -> list[str]:
    """Return what a modified scenario changed: a heading, then one line per changed input.

    Empty for a scenario that is not modified (see :class:`ipsim.scenario.Modification`).

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> modification_lines(load_scenario("baseline"))
    []
    """
    record = scenario.modified
    if record is None:
        return []
    head = label(
        "brief.modified",
        lang,
        name=_scenario_title(record.original, lang),
        sha=record.original_sha256[:12],
    )
    lines = [_change_text(c.input, c.before, c.after, scenario, lang) for c in record.changes]
    return [head, *(lines or [label("brief.modified_none", lang)])]


@functools.lru_cache(maxsize=32)
def _scenario_title(name: str, lang: Lang) -> str:
    """A bundled scenario by its title in ``lang``; any other by its name (remembered: the
    explorer asks on every change, and reading the file costs 0.1 s)."""
    from ipsim.scenario import bundled_scenarios, load_scenario

    if name not in bundled_scenarios():
        return name
    return load_scenario(name).title(lang) or name


def modification_html(scenario: Scenario, lang: Lang = "en") -> str:
    """Return :func:`modification_lines` as an HTML box (empty for an unmodified scenario)."""
    lines = modification_lines(scenario, lang)
    if not lines:
        return ""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines[1:])
    return (
        "<div class='modified' style='border-left:4px solid #b35806;background:#fdf3e7;"
        f"padding:6px 12px;margin:8px 0'>{html.escape(lines[0])}<ul style='margin:2px 0'>"
        f"{items}</ul></div>"
    )


def _multiple(value: float) -> str:
    """A budget multiple as the explorer's readout shows it (1.60), keeping what two decimals
    would lose (0.012)."""
    return f"{value:.2f}" if abs(value - round(value, 2)) < 1e-9 else f"{value:.3g}"


def _change_text(input: str, before: Any, after: Any, scenario: Scenario, lang: Lang) -> str:
    """One changed input in words; an input this version cannot word is shown as written."""
    from ipsim.errors import IpsimError

    parts = input.split(".")
    try:
        if parts[0] == "funding" and len(parts) in (3, 4) and parts[2] == "multiple":
            return _funding_change(parts, before, after, scenario, lang)
        if parts[0] == "indicators" and len(parts) == 3 and parts[1] in scenario.indicators:
            return _trend_change(parts[1], parts[2], before, after, scenario, lang)
        if input == "draws":
            return label("brief.ch_draws", lang, before=f"{before:,}", after=f"{after:,}")
        if input == "reading":
            return label(
                "brief.ch_reading",
                lang,
                before=label(str(before), lang),
                after=label(str(after), lang),
            )
    except (IpsimError, KeyError, StopIteration, TypeError, ValueError):
        pass  # an input this version does not know how to word: shown as written
    return label("brief.ch_other", lang, input=input, before=before, after=after)


def _funding_change(
    parts: list[str], before: Any, after: Any, scenario: Scenario, lang: Lang
) -> str:
    """``funding.<programme>.multiple[.<year>]`` in words."""
    plan = scenario.load_plan()
    programme = next((p.label(lang) for p in plan.funding_programmes if p.id == parts[1]), parts[1])
    return label(
        "brief.ch_funding" if len(parts) == 3 else "brief.ch_funding_year",
        lang,
        programme=programme,
        year=parts[3] if len(parts) == 4 else "",
        before=_multiple(before),
        after=_multiple(after),
    )


def _trend_change(
    ident: str, param: str, before: Any, after: Any, scenario: Scenario, lang: Lang
) -> str:
    """``indicators.<indicator>.<param>`` in words: a growth rate in percent, else a number."""
    from ipsim.models import MODELS
    from ipsim.views.brief_sources import param_label

    plan = scenario.load_plan()
    rate = MODELS[scenario.indicators[ident].model].param(param).is_growth_rate
    shown = [format_percent(v, 1) if rate else f"{v:,.4g}" for v in (before, after)]
    return label(
        "brief.ch_trend",
        lang,
        indicator=plan.indicator(ident).label(lang),
        param=param_label(param, lang),
        before=shown[0],
        after=shown[1],
    )


def _board(board: Assessment, lang: Lang) -> str:
    from ipsim.views.board import board_html

    return board_html(board, lang)


def _fans(board: Assessment, lang: Lang) -> str:
    from ipsim._resources import check_chart_renderer

    check_chart_renderer()  # V8 aborts the process under a low ulimit -v
    import vl_convert

    from ipsim.views.axes import upright
    from ipsim.views.fan import fan_spec
    from ipsim.views.style import theme_config

    modelled = board.result.scenario.indicators
    charts = []
    for t in board.targets:
        if t.indicator not in modelled:  # left out of the scenario: nothing was simulated
            continue
        spec = fan_spec(board, t.id, lang=lang, width=400, height=210, key=False)
        svg = vl_convert.vegalite_to_svg({**spec, "config": upright(theme_config())})
        charts.append(f"<div class='chart' id='fan-{t.id}'>{svg}</div>")
    left_out = [t.label(lang) for t in board.targets if t.indicator not in modelled]
    missing = label("brief.not_modelled", lang, targets="; ".join(left_out)) if left_out else ""
    return (_note(html.escape(missing)) if missing else "") + (
        f"<div class='charts'>{''.join(charts)}</div>"
    )


def _cost_ceilings(run: Scenario, board: Assessment, probability: float) -> list[Any]:
    """Goal-seek on the unit cost of every open target whose own lever is a cost (the highest
    cost that still gives P(met) >= ``probability``)."""
    from ipsim.analysis.goalseek import goal_seek
    from ipsim.levers import levers_of

    levers = levers_of(run)
    out = []
    for t in board.targets:
        own = levers.get(f"growth.{t.indicator}")
        if t.decided is None and t.threshold is not None and own and not own.increases:
            out.append(
                goal_seek(
                    run,
                    t.id,
                    lever=own.name,
                    probability=probability,
                    draws=min(run.draws, 10_000),
                )
            )
    return out


def lever_value(value: float, answer: Any = None) -> str:
    """A lever setting, bare: 1.91 (a budget multiple), 208,000 (a cost, to 3 figures), 24.0%
    (a growth rate, when ``answer``'s lever is one).

    Examples
    --------
    >>> lever_value(1.9132), lever_value(208354.19), lever_value(-0.0412)
    ('1.91', '208,000', '-0.04')
    """
    if answer is not None and answer.is_growth_rate:
        return format_percent(value, 1)
    if abs(value) >= 1_000:
        return f"{float(f'{value:.3g}'):,.0f}"
    return f"{value:.2f}"


def lever_setting(value: float, answer: Any, lang: Lang = "en") -> str:
    """A setting of ``answer``'s lever with its unit: "1.91 x planned budget", "1.91倍计划预算",
    "208,000 CNY per unit", "24.0% a year"."""
    shown = lever_value(value, answer)
    if answer.is_growth_rate:
        return label("brief.rate_a_year", lang, value=shown)
    unit = answer.unit_label(lang)
    if not unit:
        return shown
    return label("brief.value_in_unit", lang, value=shown, unit=unit)


def needed_text(answer: Any, lang: Lang = "en") -> str:
    """What a goal-seek answer needs: "at least 1.91 x planned budget (1.85–1.97)" when more of
    the lever helps, "at most 208,000 CNY per unit (…)" when more hurts, or why not reachable.

    Examples
    --------
    >>> from ipsim.analysis.goalseek import goal_seek
    >>> from ipsim.scenario import load_scenario
    >>> cost = goal_seek(load_scenario("baseline"), "industrialization_projects", lever="growth", draws=2_000)
    >>> needed_text(cost, "en").startswith("at most 2"), needed_text(cost, "zh").startswith("最高")
    (True, True)
    """
    if not (answer.feasible and answer.value is not None):
        best = format_probability(answer.best_p_met, answer.draws, lang, digits=0)
        return label("brief.unreachable", lang, best=best)
    lo, hi = monte_carlo_range(answer)
    bound = "brief.at_most" if answer.search == "largest" else "brief.at_least"
    shown = lever_setting(answer.value, answer, lang)
    return label(bound, lang, value=shown) + label("brief.monte_carlo_span", lang, lo=lo, hi=hi)


def monte_carlo_range(answer: Any) -> tuple[str, str]:
    """The two ends of a feasible answer's Monte Carlo range, bare (see :func:`lever_value`)."""
    lo = answer.value_lo if answer.value_lo is not None else answer.value
    hi = answer.value_hi if answer.value_hi is not None else answer.value
    return lever_value(lo, answer), lever_value(hi, answer)


def lever_label(answer: Any, scenario: Scenario, lang: Lang = "en") -> str:
    """Name a goal-seek answer's lever for a reader (:func:`ipsim.levers.lever_label`)."""
    from ipsim.levers import lever_label as named

    return named(answer.lever, scenario, lang)


def _target_labels(board: Assessment, lang: Lang) -> dict[str, str]:
    plan = board.result.plan
    return {t.id: plan.target(t.id).label(lang) for t in board.targets}


def table_html(columns: tuple[str, ...], rows: list[str], lang: Lang) -> str:
    """A table whose heading holds the labels ``brief.<column>``."""
    head = "".join(f"<th>{html.escape(label(f'brief.{k}', lang))}</th>" for k in columns)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _takes_cells(
    answer: Any, decided: str | None, scenario: Scenario, lang: Lang
) -> tuple[str, str, str]:
    """What a target needs, its lever, and its P(met) now (or its verdict when decided)."""
    from ipsim.views.board import short_verdict

    if decided:
        return label(f"brief.decided_{decided}", lang), "-", short_verdict(decided, lang)
    now = format_probability(answer.p_met_now, answer.draws, lang, digits=0)
    if answer.unit == "":
        return label("brief.no_lever", lang), "-", now
    return needed_text(answer, lang), lever_label(answer, scenario, lang), now


def _takes(board: Assessment, answers: list[Any], costs: list[Any], lang: Lang) -> str:
    from ipsim.views.text import theta_range_text

    labels = _target_labels(board, lang)
    decided = {t.id: t.decided for t in board.targets}
    by_target: dict[str, list[Any]] = {}
    for a in [*answers, *costs]:
        by_target.setdefault(a.target, []).append(a)
    rows = []
    for a in (a for t in board.targets for a in by_target.get(t.id, [])):
        verdict = decided.get(a.target)
        needed, lever, now = _takes_cells(
            a, str(verdict) if verdict else None, board.result.scenario, lang
        )
        rows.append(
            f"<tr><td>{html.escape(labels[a.target])}</td><td>{html.escape(lever)}</td>"
            f"<td class='num'>{html.escape(needed)}</td><td class='num'>{html.escape(now)}</td>"
            f"<td class='num'>{format_percent(a.required_growth, 1)}</td>"
            f"<td>{html.escape('-' if verdict else theta_range_text(a, lang))}</td></tr>"
        )
    columns = ("col_target", "col_lever", "col_needed", "col_now", "col_growth", "col_theta")
    return table_html(columns, rows, lang)


def input_label(name: str, board: Assessment, lang: Lang) -> str:
    """Name a one-at-a-time input for a reader: the funding programme, or "trend of" the
    indicator."""
    plan = board.result.plan
    kind, key = name.split(".", 1)
    if kind == "funding":
        return next((p.label(lang) for p in plan.funding_programmes if p.id == key), key)
    indicator = plan.indicator(key).label(lang)
    if lang == "en" and not indicator[:2].isupper():  # "trend of patent ...", not "IP" -> "iP"
        indicator = indicator[:1].lower() + indicator[1:]
    return label("brief.trend_of", lang, indicator=indicator)


def _swing_end(p: float, lang: Lang) -> str:
    """P(met) at one end of a swing, from :data:`SWING_DRAWS` draws."""
    return format_probability(p, SWING_DRAWS, lang, digits=0)


def _hinges(board: Assessment, swings: Any, lang: Lang) -> str:
    labels = _target_labels(board, lang)
    table = swings[swings["output"] == "p_met"]
    rows = []
    for t in board.targets:
        mine = (
            table[(table["target"] == t.id) & (table["swing"] > 0)]
            .sort_values(["swing", "input"], ascending=[False, True])
            .head(3)
        )
        top = "; ".join(
            f"{input_label(r.input, board, lang)} {_swing_end(r.at_low, lang)}→{_swing_end(r.at_high, lang)}"
            for r in mine.itertuples()
        )
        if t.decided is not None:  # nothing moves it
            top = label("decided_by_published", lang) + "‡"
        rows.append(
            f"<tr><td>{html.escape(labels[t.id])}</td><td>{html.escape(top or '-')}</td></tr>"
        )
    return table_html(("col_target", "col_top"), rows, lang)


def _dependence_span(board: Assessment) -> DependenceRange | None:
    """The joint probabilities over the scenario's plausible dependence (None: it states none)."""
    from ipsim.joint import dependence_range

    if board.result.scenario.dependence is None or board.met.shape[1] == 0:
        return None
    return dependence_range(board.result)


def _method(board: Assessment, lang: Lang, span: DependenceRange | None = None) -> str:
    from ipsim.analysis.rolling import bundled_summary
    from ipsim.joint import describe_dependence
    from ipsim.views.rolling import coverage_sentence
    from ipsim.views.text import dependence_line

    sim = board.result
    scenario = sim.scenario
    intervals = [t.p_met_interval for t in board.targets if t.decided is None]
    widest = max((hi - lo for lo, hi in filter(None, intervals)), default=0.0)
    readings = label(scenario.reading, lang) + "".join(
        label(
            "brief.reading_of", lang, target=sim.plan.target(k).label(lang), reading=label(v, lang)
        )
        for k, v in scenario.target_readings.items()
    )
    items = [
        label(
            "verdict.method_draws",
            lang,
            draws=f"{sim.draws:,}",
            seed=scenario.seed,
            width=format_percent(widest / 2, 1),
            p_all=format_probability(board.p_all_met, sim.draws, lang),
            interval=format_interval(*board.p_all_met_interval, lang),
        ),
        label("brief.method_reading", lang, readings=readings),
        label("verdict.bands_note", lang),
        *(label(f"verdict.method_{k}", lang) for k in ("statcan", "unsd")),
        label("brief.method_funding", lang),
        describe_dependence(scenario, lang),
        *([dependence_line(span, lang)] if span is not None else []),
        coverage_sentence(bundled_summary(), lang),
    ]
    if any(t.decided is not None for t in board.targets):
        items.append(label("brief.decided_method", lang))
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


_PRINTING = ("CHROMIUM_FLAGS", "chromium", "to_pdf")
"""Names that lived here until PDF printing moved to :mod:`ipsim.cli.pdf`; kept for one release."""


def __getattr__(name: str) -> Any:
    """``ipsim.views.brief.to_pdf`` (and ``chromium``, ``CHROMIUM_FLAGS``): moved to
    :mod:`ipsim.cli.pdf`; the old name warns (``DeprecationWarning``) and goes in the next release."""
    if name not in _PRINTING:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import warnings

    from ipsim.cli import pdf  # the one upward import, for the deprecated names only

    warnings.warn(
        f"ipsim brief's {name} moved to ipsim.cli.pdf.{name}; the old name is deprecated and goes "
        "in the next release",
        DeprecationWarning,
        stacklevel=2,
    )
    return getattr(pdf, name)
