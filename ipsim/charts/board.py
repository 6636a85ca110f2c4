"""The status board: every target at a glance, grouped by the plan's projects."""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt

from ipsim.charts import _style
from ipsim.i18n import Lang, label
from ipsim.views.board import board_frame

if TYPE_CHECKING:
    from ipsim.assess import Assessment

BAR_WIDTH = 260


def status_board(assessment: Assessment, *, lang: Lang = "en") -> alt.FacetChart:
    """All targets: P(met) as a bar coloured by status, the lead agency, assumed-input markers.

    Targets are grouped by the plan's projects (in the plan's order); ``*`` marks an assumed
    baseline and ``†`` an assumed trend; colours follow the Statistics Canada status of the
    median projection.

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> board = assess(simulate(load_scenario("baseline"), draws=1_000, rng=1))
    >>> spec = status_board(board, lang="en").to_dict()
    >>> len(spec["datasets"][spec["data"]["name"]]), spec["facet"]["row"]["field"]
    (18, 'project')
    """
    frame = board_frame(assessment, lang)
    statuses = [s for s in _style.STATUS_COLOURS if s in set(frame["status"])]
    colour = alt.Color(
        "status_label:N",
        scale=alt.Scale(
            domain=[label(s, lang) for s in statuses],
            range=[_style.STATUS_COLOURS[s] for s in statuses],
        ),
        legend=alt.Legend(
            title="进展状态（加拿大统计局方法）"
            if lang == "zh"
            else "status (Statistics Canada method)",
            orient="bottom",
        ),
    )
    y = alt.Y(
        "label:N",
        sort=list(frame["label"]),
        title=None,
        axis=alt.Axis(labelLimit=520),
    )
    base = alt.Chart().encode(y=y)
    tooltip = ["id:N", "label:N", "p_text:N", "status_label:N", "rating:N", "owner:N"]
    bars = base.mark_bar().encode(
        x=alt.X(
            "p_met:Q",
            scale=alt.Scale(domain=[0, 1]),
            axis=alt.Axis(format="%", title="达成概率" if lang == "zh" else "P(met)"),
        ),
        color=colour,
        tooltip=tooltip,
    )
    value = base.mark_text(align="left", dx=4, fontSize=11).encode(x="p_met:Q", text="p_text:N")
    owner = base.mark_text(align="left", fontSize=11, color="#444").encode(
        x=alt.value(BAR_WIDTH + 44), text="owner:N"
    )
    result = assessment.result
    if lang == "zh":
        title = "目标一览：达成概率与进展状态"
        sub = f"情景 {result.scenario.name} · {result.draws:,} 次模拟 · 右列为牵头单位 · * 基数为假设值 · † 趋势为假设值"
    else:
        title = "Targets at a glance: probability of being met, and status"
        sub = f"scenario {result.scenario.name} · {result.draws:,} draws · right: lead agency · * baseline assumed · † trend assumed"
    return (
        alt.layer(bars, value, owner, data=frame)
        .properties(width=BAR_WIDTH, height=alt.Step(18))
        .facet(
            row=alt.Row(
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
            ),
            title=alt.TitleParams(title, subtitle=sub),
        )
        .resolve_scale(y="independent")
    )
