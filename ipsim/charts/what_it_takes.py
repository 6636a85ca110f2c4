"""Charts of what it takes and what it hinges on: P(met) against a lever, tornado, Sobol bars."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from ipsim.charts import _style
from ipsim.i18n import Lang

if TYPE_CHECKING:
    from ipsim.analysis.goalseek import GoalSeekResult
    from ipsim.analysis.sensitivity import SensitivityResult


def prob_vs_lever(
    sweep: pd.DataFrame,
    goal: GoalSeekResult | None = None,
    *,
    lang: Lang = "en",
    probability: float | None = None,
) -> alt.LayerChart | alt.FacetChart:
    """P(met) of each swept target against the lever, with the wanted probability and the
    goal-seek answer (and its Monte Carlo range) marked.

    Parameters
    ----------
    sweep : pandas.DataFrame
        What :func:`ipsim.analysis.goalseek.sweep` returns.
    goal : GoalSeekResult, optional
        Marks its value and ``value_lo``..``value_hi``.

    Examples
    --------
    >>> from ipsim import load_scenario
    >>> from ipsim.analysis.goalseek import goal_seek, sweep
    >>> s = load_scenario("baseline")
    >>> curve = sweep(s, "funding.creation", [0.5, 1, 1.5, 2, 3], targets=["invention_apps"], draws=1_000)
    >>> spec = prob_vs_lever(curve, goal_seek(s, "invention_apps", draws=1_000)).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['line', 'rule', 'rect', 'rule', 'text']
    """
    lever_name = str(sweep["lever"].iloc[0])
    wanted = probability if probability is not None else (goal.probability if goal else 0.8)
    zh = lang == "zh"
    if goal is not None and goal.lever == lever_name and goal.unit:
        unit = goal.unit_label(lang)
    elif lever_name.startswith("funding."):
        unit = "计划预算的倍数" if zh else "x planned budget"
    else:
        unit = "中位数" if zh else "median"
    x_title = f"{lever_name}（{unit}）" if zh else f"{lever_name} ({unit})"
    curve = (
        alt.Chart(sweep)
        .mark_line(point=True)
        .encode(
            x=alt.X("value:Q", title=x_title),
            y=alt.Y(
                "p_met:Q",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", title="达成概率" if zh else "P(met)"),
            ),
            color=alt.Color(
                "target:N", title="目标" if zh else "target", legend=alt.Legend(orient="bottom")
            ),
            tooltip=[
                "target:N",
                alt.Tooltip("value:Q", format=".3f"),
                alt.Tooltip("p_met:Q", format=".1%"),
            ],
        )
    )
    level = (
        alt.Chart(pd.DataFrame({"p": [wanted]}))
        .mark_rule(strokeDash=[4, 3], color=_style.TARGET)
        .encode(y="p:Q")
    )
    layers: list[alt.Chart] = [curve, level]
    title = "达成概率与投入" if zh else "Probability of meeting the target against the lever"
    subtitle = [f"{'虚线：目标概率' if zh else 'dashed: wanted probability'} {wanted:.0%}"]
    if goal is not None and goal.value is not None:
        band = pd.DataFrame(
            {
                "lo": [goal.value_lo if goal.value_lo is not None else goal.value],
                "hi": [goal.value_hi if goal.value_hi is not None else goal.value],
                "value": [goal.value],
                "text": [f"{goal.value:.3g}"],
            }
        )
        layers += [
            alt.Chart(band)
            .mark_rect(opacity=0.15, color=_style.TARGET)
            .encode(x="lo:Q", x2="hi:Q"),
            alt.Chart(band).mark_rule(color=_style.TARGET, strokeWidth=2).encode(x="value:Q"),
            alt.Chart(band)
            .mark_text(align="left", dx=4, dy=-6, color=_style.TARGET)
            .encode(x="value:Q", y=alt.value(10), text="text:N"),
        ]
        ceiling = goal.search == "largest"
        needed = (
            ("最高可为" if ceiling else "所需至少")
            if zh
            else ("at most" if ceiling else "needed: at least")
        )
        subtitle.append(
            (
                f"{needed} {goal.value:.3g}（蒙特卡洛区间 {goal.value_lo:.3g}–{goal.value_hi:.3g}）"
                if zh
                else f"{needed} {goal.value:.3g} (Monte Carlo range {goal.value_lo:.3g}-{goal.value_hi:.3g})"
            )
            if goal.value_lo is not None and goal.value_hi is not None
            else ""
        )
    elif goal is not None:
        subtitle.append(
            ("在范围内无法达到；最高 " if zh else "not reachable in range; best ")
            + f"{goal.best_p_met:.0%}"
        )
    return alt.layer(*layers).properties(
        width=460, height=260, title=alt.TitleParams(title, subtitle=subtitle)
    )


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
    rows = rows.sort_values("swing", ascending=False)
    long = pd.concat(
        [
            rows.assign(end="low", at=rows["at_low"], setting=rows["low"]),
            rows.assign(end="high", at=rows["at_high"], setting=rows["high"]),
        ]
    )
    zh = lang == "zh"
    ends = {"low": "低端" if zh else "low end", "high": "高端" if zh else "high end"}
    long["end"] = long["end"].map(ends)
    order = list(rows["input"])
    base = float(rows["base"].iloc[0]) if len(rows) else 0.0
    fmt = "%" if output == "p_met" else "~s"
    bars = (
        alt.Chart(long)
        .mark_bar(opacity=0.8)
        .encode(
            y=alt.Y("input:N", sort=order, title=None),
            x=alt.X(
                "at:Q",
                title=("达成概率" if zh else "P(met)")
                if output == "p_met"
                else ("期末值" if zh else "deadline value"),
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
    title = f"{'敏感性（单因素）' if zh else 'What it hinges on (one at a time)'}: {chosen}"
    return alt.layer(bars, rule).properties(width=420, height=alt.Step(22), title=title)


def sobol_bars(
    sensitivity: SensitivityResult,
    *,
    target: str | None = None,
    output: str = "p_met",
    lang: Lang = "en",
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
    zh = lang == "zh"
    first, total = ("一阶指数 S1", "总效应指数 ST") if zh else ("first order S1", "total ST")
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
        y=alt.Y("input:N", sort=order, title=None),
        yOffset=alt.YOffset("index:N", sort=[first, total]),
    )
    bars = base.mark_bar().encode(
        x=alt.X(
            "value:Q",
            title="Sobol 指数" if zh else "Sobol index",
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
    what = (
        ("达成概率" if zh else "P(met)")
        if output == "p_met"
        else ("期末值" if zh else "deadline value")
    )
    title = alt.TitleParams(
        f"{'全局敏感性（Sobol）' if zh else 'Global sensitivity (Sobol)'}: {chosen}, {what}",
        subtitle=[
            f"N = {sensitivity.n}, {sensitivity.points:,} {'个样本点' if zh else 'points'} × {sensitivity.draws_per_point} {'次模拟' if zh else 'draws'}; {'误差线：95%置信区间' if zh else 'whiskers: 95% confidence'}"
        ],
    )
    return alt.layer(bars, whiskers).properties(width=380, height=alt.Step(26), title=title)
