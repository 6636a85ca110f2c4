"""Several scenarios side by side: every target's P(met) under each."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from ipsim.analysis.comparison import unique_names
from ipsim.i18n import Lang, format_percent

if TYPE_CHECKING:
    from ipsim.assess import Assessment


def compare(*assessments: Assessment, lang: Lang = "en") -> alt.Chart:
    """P(met) of every target under each scenario, grouped by target (same order as the plan).

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> runs = [assess(simulate(load_scenario(n), draws=500, rng=1)) for n in ("baseline", "austerity")]
    >>> spec = compare(*runs).to_dict()
    >>> spec["mark"]["type"], len(spec["datasets"][spec["data"]["name"]])
    ('bar', 36)
    """
    if not assessments:
        msg = "compare needs at least one assessment"
        raise ValueError(msg)
    plans = {a.result.plan.id for a in assessments}
    if len(plans) > 1:
        msg = f"compare needs assessments of one plan, got {sorted(plans)}"
        raise ValueError(msg)
    rows = []
    # two scenarios of the same name stay apart, numbered as ipsim.compare numbers them
    names = unique_names([a.result.scenario.name for a in assessments])
    for name, assessment in zip(names, assessments, strict=True):
        for order, t in enumerate(assessment.targets):
            rows.append(
                {
                    "order": order,
                    "target": t.label_zh if lang == "zh" else t.label_en,
                    "scenario": name,
                    "p_met": t.p_met,
                    "p_text": format_percent(t.p_met, 0),
                }
            )
    frame = pd.DataFrame(rows)
    if lang == "zh":
        title, x_title, legend = "各情景下的目标达成概率", "达成概率", "情景"
    else:
        title, x_title, legend = (
            "Probability of meeting each target, by scenario",
            "P(met)",
            "scenario",
        )
    draws = ", ".join(
        f"{name}: {a.result.draws:,}" for name, a in zip(names, assessments, strict=True)
    )
    same = len({a.result.seed_entropy for a in assessments}) == 1
    noise = (
        ("同一随机种子" if lang == "zh" else "common random numbers")
        if same
        else (
            "随机种子不同：差异含模拟误差"
            if lang == "zh"
            else "different seeds: differences include Monte Carlo noise"
        )
    )
    subtitle = f"{'模拟次数' if lang == 'zh' else 'draws'} {draws}; {noise}"
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y(
                "target:N",
                sort=alt.EncodingSortField("order"),
                title=None,
                axis=alt.Axis(labelLimit=360),
            ),
            yOffset=alt.YOffset("scenario:N", sort=names),
            x=alt.X(
                "p_met:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(format="%", title=x_title)
            ),
            color=alt.Color(
                "scenario:N", sort=names, title=legend, legend=alt.Legend(orient="bottom")
            ),
            tooltip=["target:N", "scenario:N", "p_text:N"],
        )
        .properties(
            width=320,
            height=alt.Step(9),  # per scenario bar within a target
            title=alt.TitleParams(title, subtitle=subtitle),
        )
    )
