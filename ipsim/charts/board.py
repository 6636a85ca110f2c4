"""The status board as an altair chart: the altair wrapper of :mod:`ipsim.views.board`.

:func:`ipsim.views.board.board_frame` decides what the board shows (one row per target, grouped
by the plan's projects, with the verdict and its colour, markers and progress so far);
:func:`status_board` draws that frame as bars. :func:`ipsim.views.board.board_html` draws the same frame as an HTML table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt

from ipsim import status
from ipsim.i18n import Lang, label
from ipsim.views.board import board_frame
from ipsim.views.style import VERDICT_COLOURS

if TYPE_CHECKING:
    import pandas as pd

    from ipsim.assess import Assessment

BAR_WIDTH = 260


def status_board(assessment: Assessment, *, lang: Lang = "en") -> alt.FacetChart:
    """All targets: P(met) as a bar coloured by its verdict, the lead agency, assumed-input markers.

    Targets are grouped by the plan's projects (in the plan's order); ``*`` marks an assumed
    baseline and ``†`` an assumed trend. The colour is the verdict, the likelihood band of
    P(met) (:func:`ipsim.status.verdict`), so it never contradicts the bar's length; the legend
    lists all five bands with their thresholds, in order, and the decided verdicts present.

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> board = assess(simulate(load_scenario("baseline"), draws=1_000, rng=1))
    >>> spec = status_board(board, lang="en").to_dict()
    >>> len(spec["datasets"][spec["data"]["name"]]), spec["facet"]["row"]["field"]
    (18, 'project')
    """
    frame = board_frame(assessment, lang)
    y = alt.Y("label:N", sort=list(frame["label"]), title=None, axis=alt.Axis(labelLimit=520))
    base = alt.Chart().encode(y=y)
    tooltip = ["id:N", "label:N", "p_text:N", "verdict_label:N", "progress:N", "owner:N"]
    bars = base.mark_bar().encode(
        x=alt.X(
            "p_met:Q",
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format="%", title=label("col_p_met", lang)),
        ),
        color=_verdict_colour(frame, lang),
        tooltip=tooltip,
    )
    value = base.mark_text(align="left", dx=4, fontSize=11).encode(x="p_met:Q", text="p_text:N")
    owner = base.mark_text(align="left", fontSize=11, color="#444").encode(
        x=alt.value(BAR_WIDTH + 44), text="owner:N"
    )
    result = assessment.result
    title = label("verdict.board_title", lang)
    sub = label(
        "charts.board_subtitle",
        lang,
        scenario=result.scenario.title(lang) or result.scenario.name,
        draws=f"{result.draws:,}",
    )
    return (
        alt.layer(bars, value, owner, data=frame)
        .properties(width=BAR_WIDTH, height=alt.Step(18))
        .facet(row=_project_row(), title=alt.TitleParams(title, subtitle=sub))
        .resolve_scale(y="independent")
    )


def _verdict_colour(frame: pd.DataFrame, lang: Lang) -> alt.Color:
    """Bars coloured by the verdict: a legend of the five bands (always, most likely first, with
    their thresholds) and of the other verdicts present (decided, not assessable)."""
    present = set(frame["verdict"])
    shown = [v for v in status.VERDICTS if v in status.BANDS or v in present]
    return alt.Color(
        "verdict_legend:N",
        scale=alt.Scale(
            domain=[label(f"verdict.{v}", lang) for v in shown],
            range=[VERDICT_COLOURS[v] for v in shown],
        ),
        sort=[label(f"verdict.{v}", lang) for v in shown],
        legend=alt.Legend(
            title=label("verdict.legend", lang), orient="bottom", columns=3, labelLimit=260
        ),
    )


def _project_row() -> alt.Row:
    """One facet row per project, in the plan's order, its name above its targets."""
    return alt.Row(
        "project:N",
        sort=alt.EncodingSortField("project_number", order="ascending"),
        header=alt.Header(
            title=None,
            labelAngle=0,
            labelAlign="left",
            labelAnchor="start",
            labelOrient="top",
            labelFontWeight="bold",
            labelFontSize=12,
        ),
    )
