"""Rolling-origin backtest chart: is the method calibrated on the bundled reference series?

Two panels over a :class:`ipsim.analysis.rolling.RollingBacktestResult`: the PIT histogram of
every scored figure (flat when calibrated; a pile at the left means the forecasts were too
high) and the coverage of the 50 % and 90 % intervals by family, against the nominal levels.
The data comes from :func:`ipsim.views.rolling.pit_frame` and
:func:`ipsim.views.rolling.coverage_frame`; :func:`ipsim.views.rolling.rolling_table` is its
table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt

from ipsim.charts import _style
from ipsim.i18n import Lang, format_percent, label
from ipsim.views.rolling import coverage_frame, pit_frame

if TYPE_CHECKING:
    from ipsim.analysis.rolling import RollingBacktestResult

_INTERVAL_COLOURS = (_style.PROJECTION, _style.TARGET)
"""The 50 % interval's colour, then the 90 %'s (dots and their nominal lines)."""


def pit_histogram(result: RollingBacktestResult, *, lang: Lang = "en") -> alt.LayerChart:
    """The PIT histogram of every scored figure, with the flat line a calibrated method gives.

    Examples
    --------
    >>> from ipsim.analysis.rolling import rolling_backtest
    >>> spec = pit_histogram(rolling_backtest(families=["patents_per_10k"], draws=300)).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['bar', 'rule', 'text']
    """
    frame = pit_frame(result)
    flat = float(frame["count"].sum()) / max(len(frame), 1)
    bars = (
        alt.Chart(frame)
        .mark_bar(color=_style.PROJECTION, opacity=0.8)
        .encode(
            x=alt.X(
                "lo:Q",
                bin="binned",
                title=label("rolling.chart_pit_x", lang),
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(format=".1f", values=[i / 10 for i in range(11)]),
            ),
            x2="hi:Q",
            y=alt.Y("count:Q", title=label("rolling.chart_pit_y", lang)),
            tooltip=[
                alt.Tooltip("lo:Q", format=".1f"),
                alt.Tooltip("hi:Q", format=".1f"),
                "count:Q",
            ],
        )
    )
    rule = alt.Chart().mark_rule(strokeDash=[4, 3], color="#555").encode(y=alt.datum(flat))
    note = (
        alt.Chart()
        .mark_text(align="right", baseline="bottom", dx=-2, dy=-3, color="#555")
        .encode(
            x=alt.datum(1.0),
            y=alt.datum(flat),
            text=alt.datum(label("rolling.chart_pit_flat", lang)),
        )
    )
    return alt.LayerChart(layer=[bars, rule, note]).properties(
        width=320, height=220, title=label("rolling.chart_pit_title", lang)
    )


def coverage_by_family(result: RollingBacktestResult, *, lang: Lang = "en") -> alt.LayerChart:
    """Coverage of the 50 % and 90 % intervals for each family and for all, with nominal lines.

    Examples
    --------
    >>> from ipsim.analysis.rolling import rolling_backtest
    >>> spec = coverage_by_family(rolling_backtest(families=["patents_per_10k"], draws=300)).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['rule', 'point']
    """
    frame = coverage_frame(result, lang)
    intervals = [label("rolling.interval50", lang), label("rolling.interval90", lang)]
    scale = alt.Scale(domain=intervals, range=list(_INTERVAL_COLOURS))
    colour = alt.Color(
        "interval:N",
        scale=scale,
        legend=alt.Legend(title=label("rolling.chart_interval", lang), orient="bottom"),
    )
    x = alt.X(
        "coverage:Q",
        title=label("rolling.chart_cover_x", lang),
        scale=alt.Scale(domain=[0, 100]),
        axis=alt.Axis(values=[0, 25, 50, 75, 90, 100]),
    )
    levels = frame.drop_duplicates("nominal")[["nominal", "interval"]]
    nominal = (
        alt.Chart(levels)
        .mark_rule(strokeDash=[4, 3])
        .encode(
            x=alt.X("nominal:Q", title=label("rolling.chart_cover_x", lang)),
            color=colour,
        )
    )
    dots = (
        alt.Chart(frame)
        .mark_point(filled=True, size=90)
        .encode(
            x=x,
            y=alt.Y(
                "family:N",
                sort=list(dict.fromkeys(frame["family"])),
                title=label("rolling.chart_cover_y", lang),
                axis=alt.Axis(labelLimit=320, titlePadding=14),
            ),
            yOffset=alt.YOffset("interval:N", sort=intervals),
            color=colour,
            shape=alt.Shape("interval:N", legend=None),
            tooltip=["family:N", "interval:N", alt.Tooltip("coverage:Q", format=".0f")],
        )
    )
    return alt.LayerChart(layer=[nominal, dots]).properties(
        width=320,
        height=26 * frame["family"].nunique(),
        title=label("rolling.chart_cover_title", lang),
    )


def rolling_chart(result: RollingBacktestResult, *, lang: Lang = "en") -> alt.HConcatChart:
    """The PIT histogram beside the coverage by family, under one title stating the totals.

    Examples
    --------
    >>> from ipsim.analysis.rolling import rolling_backtest
    >>> spec = rolling_chart(rolling_backtest(families=["patents_per_10k"], draws=300)).to_dict()
    >>> len(spec["hconcat"]), spec["title"]["text"].startswith("Rolling-origin backtest: 19")
    (2, True)
    """
    o = result.overall
    title = label(
        "rolling.chart_title",
        lang,
        points=int(o["points"]),
        series=int(o["series"]),
        cover90=format_percent(o["coverage_90"]),
        cover50=format_percent(o["coverage_50"]),
    )
    return (
        alt.hconcat(pit_histogram(result, lang=lang), coverage_by_family(result, lang=lang))
        .resolve_scale(color="independent")
        .properties(title=alt.TitleParams(title, anchor="start"))
    )
