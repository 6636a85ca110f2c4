"""Plain-text tables for terminals: Chinese aligned by display width, verdicts coloured.

In ``ipsim run``'s table the one coloured cell of a target is its verdict, the likelihood band
of P(met) (:func:`ipsim.status.verdict`); the Statistics Canada and UNSD statuses beside it are
retrospective, on published figures, and plain.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ipsim.assess import Assessment, TargetAssessment
from ipsim.i18n import Lang, format_amount, format_percent, in_language, label
from ipsim.plan import Plan
from ipsim.probability import format_interval, format_probability

if TYPE_CHECKING:
    import pandas as pd

    from ipsim.analysis.backtest import BacktestResult
    from ipsim.analysis.calibrate import CalibrationResult
    from ipsim.analysis.comparison import Comparison
    from ipsim.analysis.goalseek import GoalSeekResult
    from ipsim.analysis.sensitivity import SensitivityResult
    from ipsim.joint import DependenceRange
    from ipsim.scenario import Scenario

_VERDICT_ANSI = {
    "very_likely": "32",
    "likely": "32",
    "about_as_likely_as_not": "33",
    "unlikely": "31",
    "very_unlikely": "31",
    "decided_met": "32",
    "decided_missed": "31",
    "not_assessable": "2",
}
"""ANSI colour of each verdict: green, yellow, red, dim (the plain codes that ``ipsim run``
lets through to a terminal; the words tell very likely from likely)."""


def display_width(text: str) -> int:
    """Return the number of terminal columns ``text`` takes (wide CJK characters count 2).

    Examples
    --------
    >>> display_width("abc"), display_width("发明专利")
    (3, 8)
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, align: str) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if align == "right" else text + gap


def render_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    align: Sequence[str] | None = None,
    colours: Sequence[Sequence[str | None]] | None = None,
) -> str:
    """Lay out rows in columns padded to display width; ``colours`` holds ANSI codes per cell.

    Examples
    --------
    >>> print(render_table(["id", "值"], [["a", "1"], ["发明", "22"]], align=["left", "right"]))
    id    值
    ----  --
    a      1
    发明  22
    """
    align = list(align or ["left"] * len(headers))
    widths = [
        max(display_width(str(c)) for c in column) for column in zip(headers, *rows, strict=True)
    ]
    lines = [
        "  ".join(_pad(h, w, a) for h, w, a in zip(headers, widths, align, strict=True)).rstrip()
    ]
    lines.append("  ".join("-" * w for w in widths))
    for r, row in enumerate(rows):
        cells = []
        for c, (cell, width, side) in enumerate(zip(row, widths, align, strict=True)):
            text = _pad(cell, width, side)
            code = colours[r][c] if colours else None
            cells.append(f"\033[{code}m{text}\033[0m" if code else text)
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _quantity(value: float | None, unit: str, lang: Lang) -> str:
    return format_amount(value, unit, lang)


def _target_name(t: TargetAssessment, plan: Plan, lang: Lang) -> str:
    """A target as the board names it: its indicator's label (never its code)."""
    return plan.indicator(t.indicator).label(lang)


_ASSESSMENT_COLUMNS = (
    ("col_label", "left"),
    ("col_p_met", "right"),
    ("verdict.col", "left"),
    ("col_median", "right"),
    ("col_interval", "right"),
    ("col_threshold", "right"),
    ("col_required", "right"),
    ("verdict.status_col_statcan", "left"),
    ("verdict.status_col_unsd", "left"),
    ("col_owner", "left"),
)
"""The columns of ``ipsim run``'s table: heading label and alignment."""


def assessment_table(
    assessment: Assessment,
    *,
    lang: Lang = "en",
    colour: bool = False,
    dependence: DependenceRange | None = None,
) -> str:
    """Render an assessment as the terminal table of ``ipsim run``.

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> table = assessment_table(assess(simulate(load_scenario("baseline"), draws=200, rng=1)))
    >>> table.splitlines()[2].split()[:3]
    ['target', 'P(met)', 'verdict']
    """
    plan = assessment.result.plan
    scenario = assessment.result.scenario
    headers = [label(key, lang) for key, _ in _ASSESSMENT_COLUMNS]
    draws = assessment.result.draws
    rows = [_assessment_row(t, plan, lang, draws) for t in assessment.targets]
    colours = [_verdict_colours(t) if colour else [None] * len(headers) for t in assessment.targets]
    align = [side for _, side in _ASSESSMENT_COLUMNS]
    table = render_table(headers, rows, align=align, colours=colours)
    shown = scenario.title(lang) or scenario.name
    title = label("tables.scenario_title", lang, plan=plan.title(lang), scenario=shown)
    footer = _assessment_footer(assessment, lang, dependence)
    return "\n".join([title, "", table, "", *footer])


def _assessment_row(t: TargetAssessment, plan: Plan, lang: Lang, draws: int) -> list[str]:
    """One target's cells in ``ipsim run``'s table, its name marked ``*``, ``†``, ``‡``."""
    marker = (
        ("*" if t.baseline_assumed else "")
        + ("†" if t.trend_assumed else "")
        + ("‡" if t.decided is not None else "")
    )
    op = "<=" if t.direction == "at_most" else ">="
    return [
        _target_name(t, plan, lang) + marker,
        t.p_met_text(lang, digits=0, draws=draws),
        t.verdict_text(lang, short=True),
        _quantity(t.median, t.unit, lang),
        f"{_quantity(t.p05, t.unit, lang)} – {_quantity(t.p95, t.unit, lang)}",
        label("not_published", lang)
        if t.threshold is None
        else f"{op} {_quantity(t.threshold, t.unit, lang)}",
        format_percent(t.required_growth, 1),
        _status_cell(t.status_statcan, t, lang),
        _status_cell(t.status_unsd, t, lang),
        short_agency(t.agency(lang)),
    ]


def _status_cell(status: str, t: TargetAssessment, lang: Lang) -> str:
    """A status with the years of published figures it read: "acceleration needed (2016–2017)"."""
    if t.status_years is None or t.decided is not None:
        return label(status, lang)
    first, last = t.status_years
    years = str(first) if first == last else f"{first}–{last}"
    return label("verdict.status_with_years", lang, status=label(status, lang), years=years)


def _verdict_colours(t: TargetAssessment) -> list[str | None]:
    """ANSI colours of one row: the verdict cell coloured by its band, the others plain."""
    cells: list[str | None] = [None] * len(_ASSESSMENT_COLUMNS)
    cells[2] = _VERDICT_ANSI.get(t.verdict)
    return cells


def _assessment_footer(
    assessment: Assessment, lang: Lang, dependence: DependenceRange | None = None
) -> list[str]:
    """The lines below ``ipsim run``'s table: changes made, joint outcome, reading, run, markers,
    notes and the decided targets."""
    scenario = assessment.result.scenario
    readings = label(scenario.reading, lang)
    if scenario.target_readings:
        readings += (
            " ("
            + ", ".join(f"{k}: {label(v, lang)}" for k, v in scenario.target_readings.items())
            + ")"
        )
    from ipsim.views.brief import modification_lines

    changed = modification_lines(scenario, lang)
    return [
        *(changed[:1] + [f"  - {line}" for line in changed[1:]]),
        *joint_lines(assessment, lang, dependence),
        _field("reading_note", readings, lang),
        f"{_field('draws', f'{assessment.result.draws:,}', lang)}   "
        f"{_field('seed', scenario.seed, lang)}   sha256: {scenario.sha256[:12]}",
        label("assumed_marker", lang) + "   " + label("trend_marker", lang),
        *([label("decided_marker", lang)] if any(t.decided for t in assessment.targets) else []),
        label("verdict.bands_note", lang),
        label("verdict.status_note", lang),
        *_not_assessable_lines(assessment, lang),
        *(_note_line(t, assessment, lang) for t in assessment.targets if t.note),
        *(
            _decided_line(t, lang, _target_name(t, assessment.result.plan, lang))
            for t in assessment.targets
            if t.decided is not None
        ),
    ]


def _field(key: str, value: object, lang: Lang) -> str:
    """A labelled value, ``draws: 2,000`` (``模拟次数：2,000``: a full-width colon in Chinese)."""
    return label("tables.field", lang, name=label(key, lang), value=value)


def _note_line(t: TargetAssessment, assessment: Assessment, lang: Lang) -> str:
    """A target's note under ``ipsim run``'s table; in Chinese worded from the label table (the
    note itself is the plan's English)."""
    note = t.note
    if lang == "zh":  # a note is the plan's threshold note or says the indicator is not modelled
        simulated = not t.note.startswith("not simulated")
        note = label("no_threshold_note" if simulated else "verdict.status_not_simulated", lang)
    name = _target_name(t, assessment.result.plan, lang)
    return label("tables.id_note", lang, target=name, note=note)


def joint_lines(
    assessment: Assessment, lang: Lang = "en", dependence: DependenceRange | None = None
) -> list[str]:
    """The plan's joint outcome in words: P(all met) with its 95 % interval and its bounds under
    any dependence, the expected number met, the dependence the scenario states and, given its
    ``dependence`` range (:func:`ipsim.joint.dependence_range`), the joint probabilities over it.

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> line = joint_lines(assess(simulate(load_scenario("baseline"), draws=2_000, rng=1)))[0]
    >>> line.startswith("P(all targets met): < 0.2% (95% interval 0%–0.2%); whatever the")
    True
    """
    draws = assessment.result.draws
    interval = label("verdict.p_interval95", lang, **_ends(assessment.p_all_met_interval, lang))
    bounds = label("verdict.p_frechet", lang, **_ends(assessment.p_all_met_frechet, lang))
    shown = format_probability(assessment.p_all_met, draws, lang)
    n = assessment.met.shape[1]
    from ipsim.joint import describe_dependence

    lines = [
        label(
            "tables.joint_line",
            lang,
            name=label("p_all_met", lang),
            p=shown,
            interval=interval,
            bounds=bounds,
        ),
        _field("expected_met", f"{assessment.expected_met:.1f} / {n}", lang),
        describe_dependence(assessment.result.scenario, lang),
    ]
    if dependence is not None:
        lines.append(dependence_line(dependence, lang))
    return lines


def dependence_line(span: DependenceRange, lang: Lang = "en") -> str:
    """P(all met) and P(at least k met) over the plausible dependence, in one line.

    Examples
    --------
    >>> from ipsim import dependence_range, load_scenario
    >>> span = dependence_range(load_scenario("baseline"), draws=2_000, rng=1, k=(15,))
    >>> dependence_line(span).split(": ")[0]
    'over the plausible dependence (same draws, correlations at the low and high ends)'
    """
    from ipsim.joint import ENDS

    events: list[tuple[str, Mapping[Any, float]]] = [
        (label("dependence.all_met", lang), span.p_all_met)
    ]
    for i, k in enumerate(span.k):
        at = {end: span.p_at_least[end][i] for end in ENDS}
        events.append((label("dependence.at_least", lang, k=k, n=span.targets), at))
    shown = [
        label(
            "dependence.range_event",
            lang,
            event=event,
            **{end: _range_end(p[end], span.draws, lang) for end in ENDS},
        )
        for event, p in events
    ]
    return label(
        "dependence.range_line", lang, events=label("dependence.separator", lang).join(shown)
    )


def _range_end(p: float, draws: int, lang: Lang) -> str:
    """One end of a range of probabilities: "none of 2,000 draws" where no draw meets it (a
    Wilson bound would read larger than a non-zero other end), else as P(met) is printed."""
    if p == 0.0:
        return label("dependence.no_draw", lang, draws=f"{draws:,}")
    return format_probability(p, draws, lang)


def _ends(interval: tuple[float, float], lang: Lang) -> dict[str, str]:
    """The two ends of an interval of probabilities, as :func:`format_interval` prints them."""
    lo, _, hi = format_interval(*interval, lang).partition("–")
    return {"lo": lo, "hi": hi}


def _not_assessable_lines(assessment: Assessment, lang: Lang) -> list[str]:
    """Why statuses could not be assessed: one line per reason, naming its targets."""
    reasons: dict[str, list[str]] = {}
    plan = assessment.result.plan
    for t in assessment.targets:
        if t.status_years is None and t.decided is None and t.status_reason:
            reasons.setdefault(t.status_note(lang), []).append(_target_name(t, plan, lang))
    separator = label("tables.list_separator", lang)
    return [
        label("verdict.status_why", lang, reason=reason, targets=separator.join(names))
        for reason, names in reasons.items()
    ]


def decided_comparison(t: TargetAssessment, *, plain: bool = True) -> str:
    """The comparison a decided target's figure makes with its threshold: ``>=`` for a met
    "at least" target, ``<`` for a missed one, mirrored for "at most" (``≥`` ... without
    ``plain``)."""
    at_most, met = t.direction == "at_most", t.decided == "met"
    ascii_op = {(True, False): ">=", (True, True): "<=", (False, False): "<", (False, True): ">"}
    op = ascii_op[(met, at_most)]
    return op if plain else op.replace(">=", "≥").replace("<=", "≤")


def _decided_line(t: TargetAssessment, lang: Lang, name: str) -> str:
    """One footer line: the target, decided met or missed, the figures and where they are from."""
    op = decided_comparison(t)
    figures = ", ".join(f"{y}: {v:,.6g}" for y, v in t.decided_figures.items())

    def precise(x: float | None) -> str:  # a decided figure is shown as published, not rounded
        if x is None or t.unit.startswith("fraction"):
            return format_percent(x, 2)
        return f"{x:,.6g}"

    verdict = label(f"decided_{t.decided}", lang)
    source = f"; {t.decided_source}" if t.decided_source else ""
    return label(
        "tables.id_note",
        lang,
        target=name,
        note=f"{verdict}: {precise(t.decided_value)} {op} {precise(t.threshold)}"
        f" ({figures}){source}",
    )


def short_agency(text: str) -> str:
    """Shorten an English agency name for a narrow column ("Municipal" dropped, "IP"); a Chinese
    name is left as it is."""
    return text.replace("Municipal ", "").replace("Intellectual Property", "IP")


def targets_table(plan: Plan, *, lang: Lang = "en") -> str:
    """Render a plan's targets as the terminal table of ``ipsim targets``.

    In Chinese the kinds are worded and the target's code, the key ``ipsim goalseek --target``
    takes, moves to the last column (目标代码), explained under the table.

    Examples
    --------
    >>> from ipsim.plan import load_plan
    >>> table = targets_table(load_plan("guangzhou-ip-2017-2020"), lang="zh")
    >>> table.splitlines()[2].split()[-2:], table.splitlines()[4].split()[-1]
    (['牵头单位', '目标代码'], 'certified_units')
    """
    keys = ["col_label", "tables.col_kind", "col_threshold", "tables.col_deadline"]
    keys += ["tables.col_task", "col_owner"]
    rows = [_target_cells(plan, t, lang) for t in plan.targets]
    if lang == "zh":  # the code a user types, last and explained
        headers = [label(k, lang) for k in [*keys, "tables.col_target_id"]]
        rows = [[*cells, t.id] for cells, t in zip(rows, plan.targets, strict=True)]
        hint = "\n\n" + label("tables.id_hint", lang)
    else:
        headers = [label(k, lang) for k in ["tables.col_target_id", *keys]]
        rows = [[t.id, *cells] for cells, t in zip(rows, plan.targets, strict=True)]
        hint = ""
    return f"{plan.title(lang)}\n\n" + render_table(headers, rows) + hint


def _target_cells(plan: Plan, t: Any, lang: Lang) -> list[str]:
    """One target's cells in ``ipsim targets``: label, kind, threshold, deadline, task, agency."""
    indicator = plan.indicator(t.indicator)
    unit = t.threshold_unit(indicator)
    op = "<=" if t.direction == "at_most" else ">="
    threshold = (
        label("not_published", lang)
        if t.threshold is None
        else f"{op} {format_amount(t.threshold, unit, lang)}"
    )
    if t.threshold is not None and unit not in ("fraction", "fraction/yr"):
        threshold += f" {indicator.unit(lang)}"
    window = label("tables.window", lang, first=t.window[0], last=t.window[1]) if t.window else ""
    kind = label(t.kind, lang) if lang == "zh" else t.kind
    return [
        t.label(lang),
        kind + window,
        threshold,
        str(t.deadline),
        "-" if t.task is None else str(t.task),
        short_agency(plan.agency_labels(t.lead_agencies, lang)),
    ]


def targets_records(plan: Plan, *, lang: Lang = "en") -> list[dict[str, Any]]:
    """Return a plan's targets as JSON-ready records (``ipsim targets --format json``)."""
    records = []
    for t in plan.targets:
        indicator = plan.indicator(t.indicator)
        records.append(
            {
                "id": t.id,
                "indicator": t.indicator,
                "label": t.label(lang),
                "clause": t.clause,
                "kind": t.kind,
                "threshold": t.threshold,
                "direction": t.direction,
                "unit": t.threshold_unit(indicator),
                "indicator_unit": indicator.unit(lang),
                "deadline": t.deadline,
                "base_year": t.base_year,
                "window": None if t.window is None else list(t.window),
                "basis": t.basis,
                "section": t.section,
                "task": t.task,
                "lead_agency": plan.agency_labels(t.lead_agencies, lang),
                "lead_agency_ids": list(t.lead_agencies),
                "lead_note": t.lead_note,
            }
        )
    return records


def calibration_report(result: CalibrationResult, *, lang: Lang = "en") -> str:
    """Render what calibration fitted, what it assumed, and which conflicting figures it chose."""
    headers = [
        label(k, lang)
        for k in (
            "col_indicator",
            "col_status",
            "col_points",
            "col_years",
            "col_drift",
            "col_drift90",
            "col_volatility",
            "col_baseline_src",
        )
    ]
    rows = []
    for record in result.to_frame().to_dict("records"):
        fitted = record["status"] == "fitted"
        scale = label(f"scale_{record['scale']}", lang) if record["scale"] else ""
        rows.append(
            [
                record["indicator"],
                label(record["status"], lang),
                str(record["points"]),
                record["years"],
                f"{record['drift']:.4f} ({scale})" if fitted else "-",
                f"{record['drift_lo90']:.4f} – {record['drift_hi90']:.4f}" if fitted else "-",
                f"{record['volatility']:.4f}"
                if fitted and record["volatility"] == record["volatility"]
                else "-",
                f"{record['baseline_year']} {label(record['baseline_confidence'], lang)}",
            ]
        )
    align = ["left", "left", "right", "left", "right", "right", "right", "left"]
    lines = [
        f"{label('calibrated_to', lang).format(year=result.origin)}: {result.plan.title(lang)}"
        f" ({result.selection.source}, {result.selection.scope})",
        "",
        render_table(headers, rows, align=align),
    ]
    choices = result.selection.choices
    if len(choices):
        lines += ["", f"{label('conflicts', lang)}:"]
        lines += [f"  {c.indicator} {c.year}: {c.reason}" for c in choices.itertuples()]
    return "\n".join(lines)


_BACKTEST_COLUMNS = (
    ("col_indicator", "left"),
    ("col_year", "right"),
    ("col_actual", "right"),
    ("col_median", "right"),
    ("col_interval50", "right"),
    ("col_interval", "right"),
    ("col_inside", "left"),
    ("col_pit", "right"),
    ("col_crps", "right"),
)
"""The columns of ``ipsim backtest``'s table of scored points: heading label and alignment."""


def backtest_table(result: BacktestResult, *, lang: Lang = "en") -> str:
    """Render a backtest: every scored point, the targets with a known outcome, and coverage."""
    headers = [label(key, lang) for key, _ in _BACKTEST_COLUMNS]
    rows = [_backtest_row(p, lang) for p in result.points.to_dict("records")]
    cov = result.coverage
    lines = [
        label("backtest_from", lang).format(year=result.origin, n=len(rows)),
        "",
        render_table(headers, rows, align=[side for _, side in _BACKTEST_COLUMNS]),
        "",
        f"{label('coverage', lang)}: 50% -> {format_percent(cov['50'], 0)}, "
        f"90% -> {format_percent(cov['90'], 0)}",
    ]
    if len(result.targets):
        lines += ["", _backtest_targets(result, lang)]
    if result.actual_choices:
        lines += ["", f"{label('conflicts', lang)}:"]
        lines += [f"  {c}" for c in result.actual_choices]
    lines += [f"{label('skipped', lang)}: {s}" for s in result.skipped]
    lines += [label("assumed_marker", lang) + "   " + label("trend_marker", lang)]
    return "\n".join(lines)


def _yes_no(flag: bool, lang: Lang) -> str:
    return label("yes" if flag else "no", lang)


def _backtest_number(x: float) -> str:
    return f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.0f}"


def _backtest_row(p: dict[Any, Any], lang: Lang) -> list[str]:
    """One scored point: the figure, the projection's median and intervals, PIT and CRPS."""
    num = _backtest_number
    return [
        p["indicator"]
        + ("*" if p["baseline_assumed"] else "")
        + ("†" if p["trend_assumed"] else ""),
        str(p["year"]),
        num(p["actual"]),
        num(p["median"]),
        f"{num(p['lo50'])} – {num(p['hi50'])}",
        f"{num(p['lo90'])} – {num(p['hi90'])}",
        f"{_yes_no(p['inside50'], lang)}/{_yes_no(p['inside90'], lang)}",
        f"{p['pit']:.2f}",
        num(p["crps"]),
    ]


def _backtest_targets(result: BacktestResult, lang: Lang) -> str:
    """The targets whose outcome is known: P(met) at the origin, met or not, Brier score."""
    rows = [
        [
            t["id"],
            format_probability(t["p_met"], result.assessment.result.draws, lang, digits=0),
            _yes_no(t["met"], lang),
            f"{t['brier']:.3f}",
        ]
        for t in result.targets.to_dict("records")
    ]
    return render_table(
        [label(k, lang) for k in ("col_id", "col_p_met", "col_met", "col_brier")],
        rows,
        align=["left", "right", "left", "right"],
    )


def goalseek_table(
    results: Sequence[GoalSeekResult], *, lang: Lang = "en", scenario: Scenario | None = None
) -> str:
    """Render goal-seek answers: the lever value needed, its Monte Carlo range, P(met) now.

    A value is shown as ">= x" when more of the lever helps (the smallest setting that gives the
    wanted probability) and "<= x" when more hurts (the largest setting that still gives it, as
    for a unit cost). Given the ``scenario`` the answers are for, a Chinese table names targets
    and levers by their labels and words its notes; without it, by their ids.
    """
    headers = [
        label(k, lang)
        for k in (
            "col_id",
            "gs_lever",
            "gs_wanted",
            "gs_needed",
            "gs_range",
            "gs_p_at",
            "gs_now",
            "gs_p_now",
            "gs_unit",
            "gs_note",
        )
    ]
    rows = [_goalseek_row(r, lang, scenario) for r in results]
    align = ["left", "left", "right", "right", "right", "right", "right", "right", "left", "left"]
    footer = label("gs_footer", lang)
    return render_table(headers, rows, align=align) + "\n\n" + footer


def _goalseek_row(r: GoalSeekResult, lang: Lang, scenario: Scenario | None) -> list[str]:
    """One goal-seek answer's cells."""
    op = "<= " if r.search == "largest" else ">= "
    needed = (
        label("gs_unreachable", lang)
        if r.value is None and not r.feasible
        else ("-" if r.value is None else op + f"{r.value:.3g}")
    )
    span = (
        "-" if r.value_lo is None or r.value_hi is None else f"{r.value_lo:.3g} – {r.value_hi:.3g}"
    )
    return [
        target_name(r.target, scenario, lang),
        lever_name(r.lever, scenario, lang),
        format_percent(r.probability, 0),
        needed,
        span,
        format_probability(r.p_met_at_value, r.draws, lang),
        "-" if r.current_value != r.current_value else f"{r.current_value:.3g}",
        format_probability(r.p_met_now, r.draws, lang),
        r.unit_label(lang) or "-",
        r.note if lang == "en" or scenario is None else goalseek_note(r, lang),
    ]


def target_name(target: str, scenario: Scenario | None, lang: Lang = "en") -> str:
    """A target as a table names it: its indicator's label (as ``ipsim run`` does), the id when
    no ``scenario`` says which plan it is from.

    Examples
    --------
    >>> from ipsim import load_scenario
    >>> target_name("invention_apps", load_scenario("baseline"), "zh")
    '发明专利申请量'
    """
    if scenario is None:
        return target
    plan = scenario.load_plan()
    return plan.indicator(plan.target(target).indicator).label(lang)


def lever_name(lever: str, scenario: Scenario | None, lang: Lang = "en") -> str:
    """A lever as a table names it: the programme's funding as a multiple of the plan, or the
    trend or unit cost of an indicator (its name, ``funding.creation``, without a scenario).

    Examples
    --------
    >>> from ipsim import load_scenario
    >>> s = load_scenario("baseline")
    >>> lever_name("funding.management", s, "zh"), lever_name("growth.invention_apps", s, "zh")
    ('知识产权体制机制创新资金（计划倍数）', '发明专利申请量增长趋势')
    """
    if scenario is None:
        return lever
    from ipsim.levers import lever_label

    kind, _, key = lever.partition(".")
    if kind == "funding" and not key:
        return label("tables.no_lever", lang)
    named = lever_label(lever, scenario, lang)
    if kind == "funding":
        return label("tables.funding_lever", lang, programme=named)
    return named[:1].upper() + named[1:]  # a cell starts with a capital: "Trend of ..."


def goalseek_note(r: GoalSeekResult, lang: Lang) -> str:
    """What a reader should know about a goal-seek answer: its notes in ``lang``
    (:meth:`GoalSeekResult.note_text`); for an answer built by hand without them, worded from its
    fields: decided, no lever, out of reach, at a bound, more hurts."""
    if r.notes:
        return r.note_text(lang)
    parts = []
    decided = r.note.startswith("decided by published figures")
    if decided:
        verdict = label("board.short_met" if r.p_met_now >= 1.0 else "board.short_missed", lang)
        parts.append(label("tables.note_decided", lang, verdict=verdict))
    if r.unit == "":
        parts.append(label("tables.note_no_lever", lang))
    elif " does not move " in r.note:
        parts.append(label("tables.note_not_moving", lang))
    if r.unit and not r.more_helps and not decided:
        parts.append(label("tables.note_hurts", lang, p=format_percent(r.probability, 0)))
    low, high = r.bounds
    if r.unit and r.value is None:
        at = high if r.more_helps else low
        best = format_probability(r.best_p_met, r.draws, lang)
        parts.append(label("tables.note_unreachable", lang, low=low, high=high, best=best, at=at))
    elif r.value is not None and r.value == (low if r.more_helps else high):
        p = format_percent(r.probability, 0)
        parts.append(label("tables.note_at_bound", lang, p=p, bound=r.value))
    return label("tables.note_separator", lang).join(parts)


_SENSITIVITY_COLUMNS = {
    "sobol": (
        ("tables.col_input", "S1", "S1_conf", "ST", "ST_conf", "tables.col_swing"),
        ("tables.col_s1", "tables.col_conf", "tables.col_st", "tables.col_conf"),
        "ST",
    ),
    "morris": (
        ("tables.col_input", "mu_star", "mu_star_conf", "sigma", "tables.col_swing"),
        ("tables.col_mu_star", "tables.col_conf", "tables.col_sigma"),
        "mu_star",
    ),
}
"""Per method: the cells of a row (heading label first and last, index columns between), the
headings of the index columns, and the index the rows are ordered by."""


def sensitivity_table(
    result: SensitivityResult, *, lang: Lang = "en", scenario: Scenario | None = None
) -> str:
    """Render sensitivity indices (P(met) first) and the tornado swings, largest first.

    Given the ``scenario`` it was run on, a Chinese table names targets and levers by their
    labels (see :func:`target_name`, :func:`lever_name`).
    """
    method = label(f"tables.method_{result.method}", lang)
    lines = [
        label(
            "tables.sens_title",
            lang,
            method=method,
            inputs=len(result.inputs),
            points=f"{result.points:,}",
            draws=result.draws_per_point,
        )
    ]
    cells, index_heads, order = _SENSITIVITY_COLUMNS[result.method]
    headers = [label(k, lang) for k in (cells[0], *index_heads, cells[-1])]
    align = ["left"] + ["right"] * (len(headers) - 1)
    for (target, output), rows in result.indices.groupby(["target", "output"], sort=False):
        chosen = result.tornado[
            (result.tornado["target"] == target) & (result.tornado["output"] == output)
        ]
        swing: dict[Any, float] = dict(zip(chosen["input"], chosen["swing"], strict=True))
        digits = ".3f" if result.method == "sobol" else ".3g"
        body = [
            [
                lever_name(r["input"], scenario, lang),
                *(format(r[c], digits) for c in cells[1:-1]),
                _swing_text(swing[r["input"]], str(output), lang),
            ]
            for r in rows.sort_values(order, ascending=False).to_dict("records")
        ]
        section = label(
            "tables.section",
            lang,
            target=target_name(str(target), scenario, lang),
            output=label(f"tables.output_{output}", lang),
        )
        lines += ["", section, render_table(headers, body, align=align)]
    return "\n".join(lines)


def _swing_text(swing: float, output: str, lang: Lang) -> str:
    """A tornado swing as a reader takes it: P(met) in percentage points, a value in its unit
    with thousands separators (never ``3.47e+04``).

    Examples
    --------
    >>> _swing_text(0.75, "p_met", "zh"), _swing_text(34712.3, "deadline_value", "en")
    ('75个百分点', '34,712')
    """
    if output == "p_met":
        return label("tables.swing_points", lang, value=100 * swing)
    return f"{swing:,.0f}" if abs(swing) >= 100 else f"{swing:.3g}"


def comparison_table(result: Comparison, *, lang: Lang = "en") -> str:
    """Render P(met) of every target under each scenario, with the difference to the first.

    In Chinese a scenario is named by its title where it has one, differences read 个百分点.

    Examples
    --------
    >>> from ipsim.analysis.comparison import compare
    >>> text = comparison_table(compare("baseline", "high-funding", draws=200), lang="zh")
    >>> text.splitlines()[0].split()[1:3], text.splitlines()[2].split()[-1][-4:]
    (['基准情景：按计划投入', '高投入情景：专项资金增加50%'], '个百分点')
    """
    names = result.names
    shown = scenario_names(result, lang)
    wide = result.frame.pivot(index="target", columns="scenario", values="p_met")
    diff = result.frame.pivot(index="target", columns="scenario", values="d_p_met")
    labels = result.frame.drop_duplicates("target").set_index("target")
    order = list(dict.fromkeys(result.frame["target"]))
    headers = [
        label("col_label", lang),
        *shown,
        *(label("tables.col_delta", lang, scenario=n) for n in shown[1:]),
    ]
    rows = []
    for target in order:
        name = in_language(lang, *labels.loc[target, ["label_en", "label_zh"]])
        rows.append(
            [
                name,
                *(
                    format_probability(wide.loc[target, n], result.draws, lang, digits=0)
                    for n in names
                ),
                *(label("tables.points", lang, value=diff.loc[target, n] * 100) for n in names[1:]),
            ]
        )
    summary = "   ".join(
        label(
            "tables.expected_of",
            lang,
            scenario=n,
            what=label("expected_met", lang),
            value=f"{a.expected_met:.1f}",
        )
        for n, a in zip(shown, result.assessments, strict=True)
    )
    run = "   ".join(
        [
            label("tables.field", lang, name=label("draws", lang), value=f"{result.draws:,}"),
            label("tables.field", lang, name=label("seed", lang), value=result.seed),
        ]
    )
    table = render_table(headers, rows, align=["left"] + ["right"] * (len(headers) - 1))
    return f"{table}\n\n{summary}\n{run}{label('tables.same_for_all', lang)}"


def comparison_csv_frame(result: Comparison, lang: Lang = "en") -> pd.DataFrame:
    """The frame ``ipsim compare --format csv`` writes: in English :meth:`Comparison.to_frame`
    (ids and codes, for programs); in Chinese one row per (target, scenario) with Chinese
    headers, targets by label, scenarios by title, verdicts in words, and the target's code last
    (目标代码, what a user types).

    Examples
    --------
    >>> from ipsim.analysis.comparison import compare
    >>> frame = comparison_csv_frame(compare("baseline", "high-funding", draws=200), "zh")
    >>> list(frame.columns)[:4], frame.iloc[0, 1]
    (['目标', '情景', '达成概率', '判断'], '基准情景：按计划投入')
    """
    frame = result.to_frame()
    if lang != "zh":
        return frame
    titles = dict(zip(result.names, scenario_names(result, lang), strict=True))

    def col(key: str) -> str:
        return label(f"workbook.col_{key}", lang)

    import pandas as pd

    return pd.DataFrame(
        {
            col("target"): frame["label_zh"],
            col("scenario"): [titles.get(n, n) for n in frame["scenario"]],
            col("p_met"): frame["p_met"],
            col("verdict"): [label(f"verdict.short.{v}", lang) for v in frame["verdict"]],
            col("median"): frame["median"],
            col("d_p_met"): frame["d_p_met"],
            col("d_median"): frame["d_median"],
            label("tables.col_target_id", lang): frame["target"],
        }
    )


def scenario_names(result: Comparison, lang: Lang = "en") -> list[str]:
    """The compared scenarios as a reader knows them: in Chinese their titles where they have
    one (a repeated one numbered), else their names as :attr:`Comparison.names` gives them."""
    if lang != "zh":
        return result.names
    from ipsim.analysis.comparison import unique_names

    titles = [a.result.scenario.title(lang) for a in result.assessments]
    return unique_names([t or n for t, n in zip(titles, result.names, strict=True)])


def theta_range_text(goal: GoalSeekResult, lang: Lang = "en") -> str:
    """What the funding elasticity theta does to a goal-seek answer, in one line.

    The answers at theta's 10th and 90th percentiles ("not reachable" where they are not), that
    theta is fixed in the scenario, or that it does not move the answer (a growth lever with the
    budget as planned).

    Examples
    --------
    >>> from ipsim import load_scenario
    >>> from ipsim.analysis.goalseek import goal_seek
    >>> s = load_scenario("baseline")
    >>> theta_range_text(goal_seek(s, "invention_apps", lever="growth", draws=500))
    'θ does not move this answer'
    >>> theta_range_text(goal_seek(s, "industrialization_projects", draws=500), "zh")
    'θ 固定为 1'
    """
    if goal.theta_role == "none" or goal.theta_median is None:
        return label("goalseek.chart_theta_none", lang)
    if goal.theta_role == "fixed" or not goal.by_theta:
        return label("goalseek.chart_theta_fixed", lang, theta=f"{goal.theta_median:.3g}")
    low, high = goal.by_theta[0], goal.by_theta[-1]
    return label(
        "goalseek.chart_theta",
        lang,
        t10=f"{low.theta:.3g}",
        t90=f"{high.theta:.3g}",
        v10=_theta_bound_text(goal, low.value, lang),
        v90=_theta_bound_text(goal, high.value, lang),
    )


def _theta_bound_text(goal: GoalSeekResult, value: float | None, lang: Lang) -> str:
    """The bound ">= x" (``"<= x"`` where more of the lever hurts), or "not reachable"."""
    if value is None:
        return label("goalseek.unreachable", lang)
    return ("<= " if goal.search == "largest" else ">= ") + f"{value:.3g}"
