"""Text of the rolling-origin backtest: the briefing's sentence and the ``ipsim backtest --rolling``
table (see :mod:`ipsim.analysis.rolling`).

Examples
--------
>>> from ipsim.analysis.rolling import rolling_backtest
>>> result = rolling_backtest(families=["patents_per_10k"], draws=500)
>>> print(coverage_sentence(result, "en"))  # doctest: +ELLIPSIS
In a rolling-origin backtest over 19 figures of 3 Chinese IP series (2010-2020), the 90% ...
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ipsim.i18n import LABELS, Lang, format_percent, label

if TYPE_CHECKING:
    import pandas as pd

    from ipsim.analysis.rolling import RollingBacktestResult, RollingSummary

_COLUMNS = [
    ("rolling.col_family", "left"),
    ("rolling.col_series", "right"),
    ("rolling.col_points", "right"),
    ("rolling.col_cover50", "right"),
    ("rolling.col_cover90", "right"),
    ("rolling.col_crps", "right"),
    ("rolling.col_crps_naive", "right"),
    ("rolling.col_skill", "right"),
]


def family_name(family: str, lang: Lang | str = "en") -> str:
    """Return a reference family's name in ``lang`` (its id when it has no label).

    Examples
    --------
    >>> family_name("patents_per_10k")
    'invention patents per 10,000 people'
    >>> family_name("no_such_family")
    'no_such_family'
    """
    key = f"rolling.family.{family}"
    return label(key, lang) if key in LABELS else family


def format_skill(value: float | None) -> str:
    """Format a CRPS skill with its sign, ``-`` when missing.

    Examples
    --------
    >>> format_skill(0.4999), format_skill(-0.12), format_skill(float("nan"))
    ('+0.50', '-0.12', '-')
    """
    if value is None or not math.isfinite(value):
        return "-"
    return f"{value:+.2f}"


def coverage_sentence(
    result: RollingBacktestResult | RollingSummary, lang: Lang | str = "en"
) -> str:
    """Return the sentence the briefing's method section quotes about the rolling backtest.

    Parameters
    ----------
    result : RollingBacktestResult or RollingSummary
        From :func:`ipsim.analysis.rolling.rolling_backtest`, or the stored summary of the
        bundled run (:func:`ipsim.analysis.rolling.bundled_summary`).
    lang : {"en", "zh"}

    Examples
    --------
    >>> from ipsim.analysis.rolling import rolling_backtest
    >>> result = rolling_backtest(families=["patents_per_10k"], draws=500)
    >>> coverage_sentence(result, "zh").startswith("在对 3 个中国知识产权序列")
    True
    """
    o = result.overall
    years = list(result.settings.get("years") or ["-", "-"])
    return label(
        "rolling.sentence",
        lang,
        points=int(o["points"]),
        series=int(o["series"]),
        first=years[0],
        last=years[-1],
        cover90=format_percent(o["coverage_90"]),
        cover50=format_percent(o["coverage_50"]),
        skill=format_skill(o["skill"]),
    )


def summary_rows(result: RollingBacktestResult, lang: Lang | str = "en") -> list[list[str]]:
    """Return one table row per family and one for all of them (the table's cells as text).

    Examples
    --------
    >>> from ipsim.analysis.rolling import rolling_backtest
    >>> rows = summary_rows(rolling_backtest(families=["patents_per_10k"], draws=500))
    >>> rows[-1][:3]
    ['all', '3', '19']
    """
    rows = [
        _row(r, family_name(str(r["family"]), lang)) for r in result.families.to_dict("records")
    ]
    return [*rows, _row(result.overall, label("rolling.all", lang))]


def _row(r: dict[Any, Any], name: str) -> list[str]:
    return [
        name,
        str(int(r["series"])),
        str(int(r["points"])),
        format_percent(r["coverage_50"]),
        format_percent(r["coverage_90"]),
        f"{r['crps']:.3f}",
        f"{r['crps_naive']:.3f}",
        format_skill(r["skill"]),
    ]


def rolling_table(result: RollingBacktestResult, *, lang: Lang | str = "en") -> str:
    """Render the rolling backtest for the terminal: per-family coverage and skill, then notes.

    Examples
    --------
    >>> from ipsim.analysis.rolling import rolling_backtest
    >>> text = rolling_table(rolling_backtest(families=["patents_per_10k"], draws=500))
    >>> text.splitlines()[0]
    'Rolling-origin backtest of the method on the bundled reference series'
    """
    from ipsim.views.text import render_table

    points = result.points
    origins = (int(points["origin"].min()), int(points["origin"].max())) if len(points) else (0, 0)
    last = points.loc[points["origin"] == origins[1]] if len(points) else points
    lines = [
        label("rolling.title", lang),
        label(
            "rolling.intro",
            lang,
            points=int(result.overall["points"]),
            series=int(result.overall["series"]),
            first_origin=origins[0],
            last_origin=origins[1],
        ),
        "",
        render_table(
            [label(key, lang) for key, _ in _COLUMNS],
            summary_rows(result, lang),
            align=[side for _, side in _COLUMNS],
        ),
        "",
        coverage_sentence(result, lang),
        label(
            "rolling.footer",
            lang,
            phi=f"{last['phi'].median():.2f}" if len(last) else "-",
            drift_change_sd=f"{last['drift_change_sd'].median():.3f}" if len(last) else "-",
        ),
    ]
    if result.skipped:
        lines.append(label("rolling.skipped", lang, n=len(result.skipped)))
    return "\n".join(lines)


def pit_frame(result: RollingBacktestResult) -> pd.DataFrame:
    """Return the PIT histogram of all scored figures: one row per bin (``lo``, ``hi``, ``count``).

    Examples
    --------
    >>> from ipsim.analysis.rolling import PIT_BINS, rolling_backtest
    >>> frame = pit_frame(rolling_backtest(families=["patents_per_10k"], draws=500))
    >>> len(frame) == PIT_BINS, int(frame["count"].sum())
    (True, 19)
    """
    import pandas as pd

    counts = list(result.overall["pit_histogram"])
    edges = [i / len(counts) for i in range(len(counts) + 1)]
    return pd.DataFrame({"lo": edges[:-1], "hi": edges[1:], "count": counts})


def coverage_frame(result: RollingBacktestResult, lang: Lang | str = "en") -> pd.DataFrame:
    """Return the coverage of each family and of all: one row per (family, interval), in percent.

    ``family`` is the family's name with the number of figures scored, ``interval`` the label
    of the 50 % or 90 % interval, ``nominal`` its level (50 or 90) and ``coverage`` the share of
    figures inside it (0-100).

    Examples
    --------
    >>> from ipsim.analysis.rolling import rolling_backtest
    >>> frame = coverage_frame(rolling_backtest(families=["patents_per_10k"], draws=500))
    >>> frame[["nominal", "coverage"]].round(1).values.tolist()[-2:]
    [[50.0, 68.4], [90.0, 100.0]]
    """
    import pandas as pd

    rows = []
    records: list[dict[Any, Any]] = [*result.families.to_dict("records"), result.overall]
    for r in records:
        name = str(r["family"])
        shown = label("rolling.all", lang) if name == "all" else family_name(name, lang)
        for level in (50, 90):
            rows.append(
                {
                    "family": f"{shown} ({int(r['points'])})",
                    "interval": label(f"rolling.interval{level}", lang),
                    "nominal": level,
                    "coverage": 100.0 * float(r[f"coverage_{level}"]),
                    "figures": int(r["points"]),
                }
            )
    return pd.DataFrame(rows)
