"""Several scenarios side by side as an altair chart: every target's P(met) under each.

This is the chart of a comparison; the comparison itself (same seed and draws for every
scenario, the differences to the first) is :func:`ipsim.analysis.comparison.compare`, and its
terminal table :func:`ipsim.views.text.comparison_table`. :func:`comparison_chart` takes the
assessments (``comparison.assessments``) and names repeated scenarios as the comparison does
(:func:`ipsim.analysis.comparison.unique_names`). It was called ``ipsim.charts.compare``, a name
that is still accepted, with a ``DeprecationWarning``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import pandas as pd

from ipsim.analysis.comparison import unique_names
from ipsim.errors import ArgumentError
from ipsim.i18n import Lang, label

if TYPE_CHECKING:
    from ipsim.assess import Assessment


def comparison_chart(*assessments: Assessment, lang: Lang = "en") -> alt.Chart:
    """P(met) of every target under each scenario, grouped by target (same order as the plan).

    Raises
    ------
    ArgumentError
        If no assessment is given, or they are of different plans.

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> runs = [assess(simulate(load_scenario(n), draws=500, rng=1)) for n in ("baseline", "austerity")]
    >>> spec = comparison_chart(*runs).to_dict()
    >>> spec["mark"]["type"], len(spec["datasets"][spec["data"]["name"]])
    ('bar', 36)
    """
    if not assessments:
        msg = "comparison_chart needs at least one assessment"
        raise ArgumentError(msg)
    plans = {a.result.plan.id for a in assessments}
    if len(plans) > 1:
        msg = f"comparison_chart needs assessments of one plan, got {sorted(plans)}"
        raise ArgumentError(msg)
    # two scenarios of the same name stay apart, numbered as ipsim.compare numbers them; in
    # Chinese a scenario is named by its title where it has one
    names = unique_names([_scenario_name(a, lang) for a in assessments])
    title = label("charts.comparison_title", lang)
    return (
        alt.Chart(_frame(assessments, names, lang))
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
                "p_met:Q",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format="%", title=label("col_p_met", lang)),
            ),
            color=alt.Color(
                "scenario:N",
                sort=names,
                title=label("scenario", lang),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=["target:N", "scenario:N", "p_text:N"],
        )
        .properties(
            width=320,
            height=alt.Step(9),  # per scenario bar within a target
            title=alt.TitleParams(title, subtitle=_subtitle(assessments, names, lang)),
        )
    )


def _scenario_name(assessment: Assessment, lang: Lang) -> str:
    """A scenario as a reader knows it: its title in Chinese where it has one, else its name."""
    scenario = assessment.result.scenario
    return (scenario.title(lang) if lang == "zh" else None) or scenario.name


def _frame(assessments: tuple[Assessment, ...], names: list[str], lang: Lang) -> pd.DataFrame:
    """One row per (scenario, target): the target's label, its order in the plan, P(met)."""
    return pd.DataFrame(
        [
            {
                "order": order,
                "target": t.label(lang),
                "scenario": name,
                "p_met": t.p_met,
                "p_text": t.p_met_text(lang, digits=0, draws=assessment.result.draws),
            }
            for name, assessment in zip(names, assessments, strict=True)
            for order, t in enumerate(assessment.targets)
        ]
    )


def _subtitle(assessments: tuple[Assessment, ...], names: list[str], lang: Lang) -> str:
    """The draws of each scenario, and whether they share their random numbers."""
    counts = {a.result.draws for a in assessments}
    if len(counts) == 1:
        draws = label("charts.draws_each", lang, draws=f"{counts.pop():,}")
    else:
        draws = label("charts.count_separator", lang).join(
            label("charts.draws_of", lang, scenario=name, draws=f"{a.result.draws:,}")
            for name, a in zip(names, assessments, strict=True)
        )
    same = len({a.result.seed_entropy for a in assessments}) == 1
    noise = label("charts.same_seed" if same else "charts.different_seeds", lang)
    return label("charts.comparison_subtitle", lang, draws=draws, noise=noise)
