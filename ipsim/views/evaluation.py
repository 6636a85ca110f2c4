"""The mid-term evaluation as text: one line per target, the totals, the rule, the releases.

Values read in the indicator's own unit: shares as percentages, other levels as published
(``6.3``, ``70,000``), so the table can be checked against the release it came from.
"""

from __future__ import annotations

import math
from typing import Any

from ipsim.i18n import Lang, format_percent, label
from ipsim.views.text import render_table

_ALIGN = ["left", "left", "right", "right", "right", "right", "right", "left", "right"]


def level_text(value: float | None, share: bool) -> str:
    """A level as the table shows it: a percentage for shares, else up to six digits.

    Examples
    --------
    >>> level_text(0.1197, share=True), level_text(70000, share=False), level_text(None, False)
    ('12.0%', '70,000', '-')
    >>> level_text(80.05, share=False)
    '80.05'
    """
    if value is None or not math.isfinite(value):
        return "-"
    return format_percent(value, 1) if share else format(value, ",.6g")


def evaluation_text(result: Any, lang: Lang = "en") -> str:
    """The evaluation of ``ipsim evaluate``: title, table, estimates, totals, rule, releases.

    Examples
    --------
    >>> from ipsim.analysis.evaluate import evaluate
    >>> text = evaluation_text(evaluate("baseline", as_of=2018, draws=500), "zh")
    >>> text.splitlines()[0]
    '广州市创建国家知识产权强市行动计划（2017—2020年）中期评估（截至2018年）'
    """
    keys = ["target", "attribute", "base_value", "latest_value", "goal", "progress", "elapsed"]
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
    """One target's cells: levels in its unit, shares of progress and time as percentages."""
    share = result.plan.indicator(r.target.indicator).kind == "share"

    def figure(value: Any, when: Any) -> str:
        return "-" if value is None or when is None else f"{level_text(value, share)} ({when})"

    latest_when = r.latest_period(lang) if r.latest_estimate else r.latest_year
    return [
        r.target.label(lang),
        label(f"evaluate.attribute.{r.attribute}", lang),
        figure(r.base_value, r.target.base_year),
        figure(r.latest_value, latest_when),
        level_text(r.goal, share),
        format_percent(r.progress, 0),
        format_percent(r.elapsed, 0),
        r.class_text(lang),
        format_percent(r.p_met, 0),
    ]


def releases_text(result: Any, lang: Lang = "en") -> str:
    """How P(met) moved with each release, below the evaluation ("" without releases)."""
    frame = result.releases_frame(lang)
    if frame.empty:
        return ""
    shares = {i.label(lang) for i in result.plan.indicators if i.kind == "share"}  # by label
    rows = [
        [
            *(str(v) for v in row[:4]),
            f"{level_text(row[4], row[1] in shares)} {'' if row[1] in shares else row[5]}".strip(),
            format_percent(row[6], 0),
            format_percent(row[7], 0),
        ]
        for row in frame.itertuples(index=False)
    ]
    headers = list(frame.columns[:5]) + list(frame.columns[-2:])
    align = ["left", "left", "left", "left", "right", "right", "right"]
    return f"\n\n{result.releases_title(lang)}\n\n{render_table(headers, rows, align=align)}"
