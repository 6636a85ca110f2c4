"""The mid-term evaluation as text: one line per target, the totals, the rule, the releases.

Each row names the unit its figures read in (a unit column): money in 亿元/万元 (CNY
billion/million), shares as percentages, other levels in the indicator's unit with the
precision they were published with (``6.3``, ``848.5``, ``70,000``), never an exponent, so the
table can be checked against the release it came from; a full-year estimate from part of a year
is marked as one (:meth:`ipsim.analysis.evaluate.TargetEvaluation.latest_text`).
"""

from __future__ import annotations

import math
from typing import Any

from ipsim.i18n import Lang, format_percent, label
from ipsim.views.text import render_table

_ALIGN = ["left", "left", "left", "right", "right", "right", "right", "right", "left", "right"]


def evaluation_text(result: Any, lang: Lang = "en") -> str:
    """The evaluation of ``ipsim evaluate``: title, table, estimates, totals, rule, releases.

    Examples
    --------
    >>> from ipsim.analysis.evaluate import evaluate
    >>> text = evaluation_text(evaluate("baseline", as_of=2018, draws=500), "zh")
    >>> text.splitlines()[0]
    '广州市创建国家知识产权强市行动计划（2017—2020年）中期评估（截至2018年）'
    """
    keys = ["target", "attribute", "unit", "base_value", "latest_value", "goal", "progress"]
    keys += ["elapsed"]
    headers = [label(f"evaluate.col.{k}", lang) for k in [*keys, "class", "p_met"]]
    rows = [_row(result, r, lang) for r in result.rows]
    estimates = [
        label(
            "evaluate.estimate_line", lang, target=r.target.label(lang), basis=r.latest_basis(lang)
        )
        for r in result.rows
        if r.latest_estimate
    ]
    footer = "\n".join([*estimates, *result.summary_lines(lang), result.rule_text(lang)])
    table = render_table(headers, rows, align=_ALIGN)
    return f"{result.heading(lang)}\n\n{table}\n\n{footer}" + releases_text(result, lang)


def _row(result: Any, r: Any, lang: Lang) -> list[str]:
    """One target's cells: levels in the unit of its unit column (money in 亿元/万元, CNY
    billion/million), a full-year estimate marked as one, shares of progress and time as
    percentages."""

    def figure(value: Any, when: Any) -> str:
        return "-" if value is None or when is None else f"{r.figure(value, lang)} ({when})"

    latest = figure(r.latest_value, r.latest_year)
    if r.latest_estimate is not None:
        latest = r.latest_text(lang)
    return [
        r.target.label(lang),
        label(f"evaluate.attribute.{r.attribute}", lang),
        r.unit(lang).unit,
        figure(r.base_value, r.target.base_year),
        latest,
        r.figure(r.goal, lang),
        format_percent(r.progress, 0),
        format_percent(r.elapsed, 0),
        r.class_text(lang),
        format_percent(r.p_met, 0),
    ]


def releases_text(result: Any, lang: Lang = "en") -> str:
    """How P(met) moved with each release, below the evaluation ("" without releases): each
    figure in its unit (money in 亿元/万元, CNY billion/million), and whether the evaluation
    as of that month uses it (a figure not picked by the selection rule, or read only as
    evidence, says why)."""
    if not result.releases:
        return ""
    keys = ["published", "indicator", "target", "period", "value", "unit"]
    keys += ["p_met_before", "p_met_after", "used"]
    headers = [label(f"evaluate.col.{k}", lang) for k in keys]
    rows = [_release_row(result, r, lang) for r in result.releases]
    align = ["left", "left", "left", "left", "right", "left", "right", "right", "left"]
    return f"\n\n{result.releases_title(lang)}\n\n{render_table(headers, rows, align=align)}"


def _release_row(result: Any, release: Any, lang: Lang) -> list[str]:
    """One release's cells."""
    from ipsim.analysis.partial_year import figure_unit, period_text

    indicator = result.plan.indicator(release.indicator)
    unit = figure_unit(indicator.unit_en, indicator.kind, release.value, lang, indicator.unit(lang))
    level = indicator.kind != "flow"
    moved = release.why_unused is None or release.why_unused[0] != "evaluate.unused.other"
    before, after = (release.p_met_before, release.p_met) if moved else (None, None)
    return [
        release.published,
        indicator.label(lang),
        result.plan.target(release.target).label(lang),
        period_text(release.year, release.month, lang, level=level),
        unit.text(release.value),
        unit.unit,
        format_percent(before, 0),  # an alternative not picked moved nothing: "-"
        format_percent(after, 0),
        release.used_text(lang),
    ]


def sheet_kind(unit_en: str, kind: str, values: list[float | None]) -> str:
    """The spreadsheet kind of one row's figures (:data:`ipsim.views.workbook.FORMATS`): shares
    ``percent``, yuan ``yi`` or ``wan`` (亿元 from 10^8 on), whole numbers ``count``, else an
    Excel format keeping up to four decimals (``848.5``, ``80.05``), never an exponent.

    Examples
    --------
    >>> sheet_kind("CNY", "flow", [1e9, None]), sheet_kind("share", "share", [0.1197])
    ('yi', 'percent')
    >>> sheet_kind("units", "stock", [57.0, 1600.0]), sheet_kind("points", "stock", [80.05])
    ('count', '#,##0.0###')
    """
    if kind == "share" or unit_en == "share":
        return "percent"
    finite = [abs(v) for v in values if v is not None and math.isfinite(v)]
    if unit_en in ("CNY", "yuan"):
        return "yi" if max(finite, default=0.0) >= 1e8 else "wan"
    return "count" if all(v.is_integer() for v in finite) else "#,##0.0###"


def sheet_unit(kind: str, unit: str, lang: Lang) -> str:
    """The unit a row's figures show in on a sheet: ``%``, 万元/亿元, else ``unit``."""
    return label(f"workbook.{kind}", lang) if kind in ("percent", "wan", "yi") else unit


def evaluation_sheet_kinds(result: Any, lang: Lang) -> tuple[list[str], list[str]]:
    """Per target row, the sheet kind of its figures and the unit they show in."""
    kinds = [
        sheet_kind(r.unit_en, r.indicator_kind, [r.base_value, r.latest_value, r.goal])
        for r in result.rows
    ]
    units = [
        sheet_unit(k, r.unit_zh if lang == "zh" else r.unit_en, lang)
        for k, r in zip(kinds, result.rows, strict=True)
    ]
    return kinds, units


def release_sheet_kinds(result: Any, lang: Lang) -> tuple[list[str], list[str]]:
    """Per release row, the sheet kind of its figure and the unit it shows in."""
    indicators = [result.plan.indicator(r.indicator) for r in result.releases]
    kinds = [
        sheet_kind(i.unit_en, i.kind, [r.value])
        for i, r in zip(indicators, result.releases, strict=True)
    ]
    units = [sheet_unit(k, i.unit(lang), lang) for k, i in zip(kinds, indicators, strict=True)]
    return kinds, units
