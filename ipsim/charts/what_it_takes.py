"""Charts of what it takes and what it hinges on: P(met) against a lever, tornado, Sobol bars.

They draw the results of :mod:`ipsim.analysis` directly: a sweep and a goal-seek answer
(:mod:`ipsim.analysis.goalseek`), a sensitivity result (:mod:`ipsim.analysis.sensitivity`);
:func:`ipsim.views.text.goalseek_table` and :func:`ipsim.views.text.sensitivity_table` are their
tables.

In Chinese, pass the ``scenario`` the results came from: targets, levers and inputs are then
named by their labels (:func:`ipsim.views.text.target_name`, :func:`ipsim.views.text.lever_name`);
without it they keep their ids, since a result alone does not say which plan it is of.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from ipsim.charts import _style
from ipsim.i18n import Lang, label
from ipsim.views.text import lever_name, target_name, theta_range_text

if TYPE_CHECKING:
    from ipsim.analysis.goalseek import GoalSeekResult
    from ipsim.analysis.sensitivity import SensitivityResult
    from ipsim.scenario import Scenario


def _named(
    frame: pd.DataFrame, column: str, scenario: Scenario | None, lang: Lang, *, lever: bool
) -> pd.DataFrame:
    """``frame`` with ``column`` (target ids or lever names) replaced by the reader's names."""
    name = lever_name if lever else target_name
    shown = {v: name(str(v), scenario, lang) for v in frame[column].unique()}
    return frame.assign(**{column: frame[column].map(shown)})


def prob_vs_lever(
    sweep: pd.DataFrame,
    goal: GoalSeekResult | None = None,
    *,
    lang: Lang = "en",
    probability: float | None = None,
    scenario: Scenario | None = None,
) -> alt.LayerChart | alt.FacetChart:
    """P(met) of each swept target against the lever, with the wanted probability and the
    goal-seek answer (and its Monte Carlo range) marked, and the answers with the funding
    elasticity theta at its 10th, 50th and 90th percentiles (thin dashed rules; the subtitle
    says the range, that theta is fixed, or that it does not move the answer).

    Parameters
    ----------
    sweep : pandas.DataFrame
        What :func:`ipsim.analysis.goalseek.sweep` returns.
    goal : GoalSeekResult, optional
        Marks its value and ``value_lo``..``value_hi``.
    scenario : Scenario, optional
        Names the targets and the lever by their labels in Chinese.

    Examples
    --------
    >>> from ipsim import load_scenario
    >>> from ipsim.analysis.goalseek import goal_seek, sweep
    >>> s = load_scenario("baseline")
    >>> curve = sweep(s, "funding.creation", [0.5, 1, 1.5, 2, 3], targets=["invention_apps"], draws=1_000)
    >>> spec = prob_vs_lever(curve, goal_seek(s, "invention_apps", draws=1_000)).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['line', 'rule', 'rect', 'rule', 'text', 'rule', 'text']
    >>> spec["title"]["subtitle"][-1].split(": needed ")  # the 90th percentile's answer near 1.6
    ['θ p10–p90 (0.0548–0.223)', 'not reachable – >= 1.6']
    """
    lever = str(sweep["lever"].iloc[0])
    wanted = probability if probability is not None else (goal.probability if goal else 0.8)
    layers: list[alt.Chart] = [
        _sweep_curve(
            _named(sweep, "target", scenario, lang, lever=False),
            _lever_title(lever, goal, lang, scenario),
            lang,
        ),
        alt.Chart(pd.DataFrame({"p": [wanted]}))
        .mark_rule(strokeDash=[4, 3], color=_style.TARGET)
        .encode(y="p:Q"),
    ]
    subtitle = [label("charts.wanted", lang, p=f"{wanted:.0%}")]
    if goal is not None and goal.value is not None:
        layers += _answer_layers(goal, goal.value)
        subtitle.append(_answer_text(goal, goal.value, lang))
    elif goal is not None:
        subtitle.append(label("charts.unreachable", lang, p=f"{goal.best_p_met:.0%}"))
    if goal is not None:
        layers += _theta_layers(goal, lang)
        subtitle.append(theta_range_text(goal, lang))
    title = alt.TitleParams(label("charts.lever_title", lang), subtitle=subtitle)
    return alt.layer(*layers).properties(width=460, height=260, title=title)


def _lever_title(
    lever: str, goal: GoalSeekResult | None, lang: Lang, scenario: Scenario | None = None
) -> str:
    """The lever's axis title with its unit: the goal-seek's, a budget multiple, or "median"."""
    if goal is not None and goal.lever == lever and goal.unit:
        unit = goal.unit_label(lang)
    elif lever.startswith("funding."):
        unit = label("charts.budget_multiple", lang)
    else:
        unit = label("col_median", lang)
    named = lever
    if scenario is not None and lang == "zh":
        from types import SimpleNamespace

        from ipsim.views.brief import lever_label

        named = lever_label(SimpleNamespace(lever=lever), scenario, lang)
    return label("charts.lever_axis", lang, lever=named, unit=unit)


def _sweep_curve(sweep: pd.DataFrame, x_title: str, lang: Lang) -> alt.Chart:
    """P(met) of each swept target against the lever's value, one line per target."""
    return (
        alt.Chart(sweep)
        .mark_line(point=True)
        .encode(
            x=alt.X("value:Q", title=x_title),
            y=alt.Y(
                "p_met:Q",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", title=label("col_p_met", lang)),
            ),
            color=alt.Color(
                "target:N", title=label("col_label", lang), legend=alt.Legend(orient="bottom")
            ),
            tooltip=[
                "target:N",
                alt.Tooltip("value:Q", format=".3f"),
                alt.Tooltip("p_met:Q", format=".1%"),
            ],
        )
    )


def _answer_layers(goal: GoalSeekResult, value: float) -> list[alt.Chart]:
    """The goal-seek answer: its Monte Carlo range shaded, a rule at the value, the value."""
    band = pd.DataFrame(
        {
            "lo": [goal.value_lo if goal.value_lo is not None else value],
            "hi": [goal.value_hi if goal.value_hi is not None else value],
            "value": [value],
            "text": [f"{value:.3g}"],
        }
    )
    return [
        alt.Chart(band).mark_rect(opacity=0.15, color=_style.TARGET).encode(x="lo:Q", x2="hi:Q"),
        alt.Chart(band).mark_rule(color=_style.TARGET, strokeWidth=2).encode(x="value:Q"),
        alt.Chart(band)
        .mark_text(align="left", dx=4, dy=-6, color=_style.TARGET)
        .encode(x="value:Q", y=alt.value(10), text="text:N"),
    ]


def _answer_text(goal: GoalSeekResult, value: float, lang: Lang) -> str:
    """ "needed: at least x (Monte Carlo range lo-hi)" ("at most" for a lever that hurts)."""
    if goal.value_lo is None or goal.value_hi is None:
        return ""
    ceiling = goal.search == "largest"
    needed = label("charts.needed_at_most" if ceiling else "charts.needed_at_least", lang)
    return label(
        "charts.needed_range",
        lang,
        needed=needed,
        value=f"{value:.3g}",
        lo=f"{goal.value_lo:.3g}",
        hi=f"{goal.value_hi:.3g}",
    )


def _theta_layers(goal: GoalSeekResult, lang: Lang = "en") -> list[alt.Chart]:
    """Thin dashed rules at the answers with theta at its percentiles, each labelled."""
    reachable = [a for a in goal.by_theta if a.value is not None]
    if not reachable:
        return []
    marks = pd.DataFrame(
        {
            "value": [a.value for a in reachable],
            "text": [
                label("charts.theta_mark", lang, q=round(100 * a.quantile)) for a in reachable
            ],
        }
    )
    return [
        alt.Chart(marks)
        .mark_rule(strokeDash=[2, 2], color=_style.TARGET, opacity=0.6)
        .encode(x="value:Q"),
        alt.Chart(marks)
        .mark_text(align="left", dx=3, dy=8, fontSize=10, color=_style.TARGET)
        .encode(x="value:Q", y=alt.value(24), text="text:N"),
    ]


def _output_title(output: str, lang: Lang) -> str:
    """The name of the output a sensitivity chart shows: P(met) or the deadline value."""
    return label("col_p_met" if output == "p_met" else "charts.deadline_value", lang)


def _one(
    sensitivity: SensitivityResult, frame: pd.DataFrame, target: str | None, output: str
) -> tuple[pd.DataFrame, str]:
    chosen = target or str(frame["target"].iloc[0])
    rows = frame[(frame["target"] == chosen) & (frame["output"] == output)]
    return rows, chosen


def tornado(
    sensitivity: SensitivityResult,
    *,
    target: str | None = None,
    output: str = "p_met",
    lang: Lang = "en",
    scenario: Scenario | None = None,
) -> alt.LayerChart | alt.FacetChart:
    """One input at a time at the low and high end of its range: the swing of P(met) (or of the
    deadline value), largest first.

    Examples
    --------
    >>> from ipsim import load_scenario
    >>> from ipsim.analysis.sensitivity import sensitivity
    >>> result = sensitivity(load_scenario("baseline"), target="invention_apps", n=32, draws_per_point=32)
    >>> tornado(result).to_dict()["layer"][0]["mark"]["type"]
    'bar'
    """
    rows, chosen = _one(sensitivity, sensitivity.tornado, target, output)
    rows = _named(rows.sort_values("swing", ascending=False), "input", scenario, lang, lever=True)
    long = pd.concat(
        [
            rows.assign(end="low", at=rows["at_low"], setting=rows["low"]),
            rows.assign(end="high", at=rows["at_high"], setting=rows["high"]),
        ]
    )
    ends = {"low": label("charts.low_end", lang), "high": label("charts.high_end", lang)}
    long["end"] = long["end"].map(ends)
    order = list(rows["input"])
    base = float(rows["base"].iloc[0]) if len(rows) else 0.0
    fmt = "%" if output == "p_met" else "~s"
    bars = (
        alt.Chart(long)
        .mark_bar(opacity=0.8)
        .encode(
            y=alt.Y("input:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X(
                "at:Q",
                title=_output_title(output, lang),
                axis=alt.Axis(format=fmt),
            ),
            x2=alt.X2(datum=base),
            color=alt.Color(
                "end:N",
                scale=alt.Scale(
                    domain=list(ends.values()), range=[_style.TARGET, _style.PROJECTION]
                ),
                title=None,
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                "input:N",
                "end:N",
                alt.Tooltip("setting:Q", format=".3g"),
                alt.Tooltip("at:Q", format=".3g"),
            ],
        )
    )
    rule = alt.Chart(pd.DataFrame({"base": [base]})).mark_rule(color="#333").encode(x="base:Q")
    title = label("charts.tornado_title", lang, target=target_name(chosen, scenario, lang))
    return alt.layer(bars, rule).properties(width=420, height=alt.Step(22), title=title)


def sobol_bars(
    sensitivity: SensitivityResult,
    *,
    target: str | None = None,
    output: str = "p_met",
    lang: Lang = "en",
    scenario: Scenario | None = None,
) -> alt.LayerChart | alt.FacetChart:
    """First-order and total Sobol indices of each input with their 95 % confidence intervals.

    Examples
    --------
    >>> from ipsim import load_scenario
    >>> from ipsim.analysis.sensitivity import sensitivity
    >>> result = sensitivity(load_scenario("baseline"), target="invention_apps", n=32, draws_per_point=32)
    >>> [layer["mark"]["type"] for layer in sobol_bars(result).to_dict()["layer"]]
    ['bar', 'rule']
    """
    rows, chosen = _one(sensitivity, sensitivity.indices, target, output)
    rows = _named(rows, "input", scenario, lang, lever=True)
    first, total = label("charts.sobol_first", lang), label("charts.sobol_total", lang)
    long = pd.concat(
        [
            rows.assign(
                index=first,
                value=rows["S1"],
                lo=rows["S1"] - rows["S1_conf"],
                hi=rows["S1"] + rows["S1_conf"],
            ),
            rows.assign(
                index=total,
                value=rows["ST"],
                lo=rows["ST"] - rows["ST_conf"],
                hi=rows["ST"] + rows["ST_conf"],
            ),
        ]
    )
    order = list(rows.sort_values("ST", ascending=False)["input"])
    base = alt.Chart(long).encode(
        y=alt.Y("input:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
        yOffset=alt.YOffset("index:N", sort=[first, total]),
    )
    bars = base.mark_bar().encode(
        x=alt.X(
            "value:Q",
            title=label("charts.sobol_index", lang),
            scale=alt.Scale(domain=[0, 1], clamp=True),
        ),
        color=alt.Color(
            "index:N",
            sort=[first, total],
            title=None,
            scale=alt.Scale(range=[_style.PROJECTION, "#9ecae1"]),
            legend=alt.Legend(orient="bottom"),
        ),
        tooltip=[
            "input:N",
            "index:N",
            alt.Tooltip("value:Q", format=".3f"),
            alt.Tooltip("lo:Q", format=".3f"),
            alt.Tooltip("hi:Q", format=".3f"),
        ],
    )
    whiskers = base.mark_rule(color="#333").encode(x="lo:Q", x2="hi:Q")
    title = _sobol_title(sensitivity, chosen, output, lang, scenario)
    return alt.layer(bars, whiskers).properties(width=380, height=alt.Step(26), title=title)


def _sobol_title(
    sensitivity: SensitivityResult, chosen: str, output: str, lang: Lang, scenario: Scenario | None
) -> alt.TitleParams:
    """The Sobol chart's title (the target and the output) and subtitle (the sample)."""
    text = label(
        "charts.sobol_title",
        lang,
        target=target_name(chosen, scenario, lang),
        output=_output_title(output, lang),
    )
    sample = label(
        "charts.sobol_subtitle",
        lang,
        n=sensitivity.n,
        points=f"{sensitivity.points:,}",
        draws=sensitivity.draws_per_point,
    )
    return alt.TitleParams(text, subtitle=[sample])
