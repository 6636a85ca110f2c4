"""Backtest chart: what the projection made at the origin said, against what happened.

It draws a :class:`ipsim.analysis.backtest.BacktestResult` directly (no view builds its data:
:func:`backtest_frames` does); :func:`ipsim.views.text.backtest_table` is its table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import altair as alt
import numpy as np
import pandas as pd

from ipsim.charts import _style
from ipsim.i18n import Lang, label

if TYPE_CHECKING:
    from ipsim.analysis.backtest import BacktestResult


def _what(lang: Lang) -> tuple[str, str]:
    """The legend of the figures: known at the origin, and what happened after it."""
    return label("charts.backtest_known", lang), label("charts.backtest_happened", lang)


def backtest_frames(
    backtest: BacktestResult, lang: Lang = "en"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Bands of every scored indicator from the origin on, and the figures before and after it."""
    sim = backtest.assessment.result
    plan = sim.plan
    bands, points = [], []
    for ident in dict.fromkeys(backtest.points["indicator"]):
        indicator = plan.indicator(ident)
        scale = 100.0 if indicator.kind == "share" else 1.0
        unit = "%" if scale == 100.0 else indicator.unit(lang)
        name = label("charts.name_unit", lang, name=indicator.label(lang), unit=unit)
        path = sim.path(ident) * scale
        years = sim.years.astype(int)
        keep = (years >= backtest.origin) & ~np.isnan(path[0])
        q = np.quantile(path[:, keep], [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
        for j, year in enumerate(years[keep]):
            bands.append(
                {
                    "indicator": name,
                    "year": int(year),
                    "lo90": q[0, j],
                    "lo50": q[1, j],
                    "median": q[2, j],
                    "hi50": q[3, j],
                    "hi90": q[4, j],
                }
            )
        fit = backtest.calibration.fits[ident]
        known, happened = _what(lang)
        for year, value in zip(fit.years, fit.values, strict=True):
            points.append({"indicator": name, "year": year, "value": value * scale, "what": known})
        for row in backtest.points[backtest.points["indicator"] == ident].itertuples(index=False):
            points.append(
                {
                    "indicator": name,
                    "year": int(row.year),
                    "value": float(row.actual) * scale,
                    "what": happened,
                }
            )
    return pd.DataFrame(bands), pd.DataFrame(points)


def backtest_chart(
    backtest: BacktestResult, *, lang: Lang = "en", columns: int = 3
) -> alt.FacetChart:
    """One panel per scored indicator: the 50 %/90 % bands and median from the origin, the
    figures known then, what happened, and the origin.

    Examples
    --------
    >>> from ipsim.analysis.backtest import backtest
    >>> from ipsim.observed import load_observed
    >>> result = backtest("baseline", origin=2016, actuals=load_observed("guangzhou-ip-2017-2020"), draws=500)
    >>> spec = backtest_chart(result).to_dict()
    >>> spec["facet"]["field"], [layer["mark"]["type"] for layer in spec["spec"]["layer"]]
    ('indicator', ['area', 'area', 'line', 'point', 'rule'])
    """
    bands, points = backtest_frames(backtest, lang)
    frame = pd.concat([bands.assign(layer="band"), points.assign(layer="point")], ignore_index=True)
    x = alt.X("year:Q", axis=alt.Axis(format="d", tickMinStep=1), title=label("col_year", lang))
    base = alt.Chart().encode(x=x)
    is_band = alt.datum.layer == "band"
    band90 = (
        base.transform_filter(is_band)
        .mark_area(opacity=0.18, color=_style.PROJECTION)
        .encode(y=alt.Y("lo90:Q", title=None, axis=alt.Axis(format=",.3~r")), y2="hi90:Q")
    )
    band50 = (
        base.transform_filter(is_band)
        .mark_area(opacity=0.35, color=_style.PROJECTION)
        .encode(y="lo50:Q", y2="hi50:Q")
    )
    median = base.transform_filter(is_band).mark_line(color=_style.PROJECTION).encode(y="median:Q")
    dots = (
        base.transform_filter(alt.datum.layer == "point")
        .mark_point(filled=True, size=60)
        .encode(
            y="value:Q",
            color=alt.Color(
                "what:N",
                scale=alt.Scale(domain=list(_what(lang)), range=[_style.ASSUMED, _style.TARGET]),
                legend=alt.Legend(title=None, orient="bottom"),
            ),
            shape=alt.Shape("what:N", legend=None),
            tooltip=[
                "indicator:N",
                alt.Tooltip("year:Q", format="d"),
                alt.Tooltip("value:Q", format=",.0f"),
                "what:N",
            ],
        )
    )
    origin = base.mark_rule(strokeDash=[4, 3], color="#555").encode(x=alt.datum(backtest.origin))
    cov = backtest.coverage
    title = label("charts.backtest_title", lang, origin=backtest.origin)
    sub = label(
        "charts.backtest_subtitle",
        lang,
        n=len(backtest.points),
        cover90=_pct(cov["90"]),
        cover50=_pct(cov["50"]),
    )
    return (
        alt.layer(band90, band50, median, dots, origin, data=frame)
        .properties(width=220, height=160)
        .facet(
            facet=alt.Facet("indicator:N", title=None),
            columns=columns,
            title=alt.TitleParams(title, subtitle=sub),
        )
        .resolve_scale(y="independent")
    )


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.0%}"
