"""Charts of scenario discovery: PRIM's trade-off between coverage and density, and its box.

They draw a :class:`ipsim.analysis.prim.PrimResult` (what :func:`ipsim.analysis.prim.prim` and
:func:`ipsim.analysis.discover.discover` return):

- :func:`tradeoff_chart`: the peeling trajectory, each step's coverage (the share of all misses
  inside the box) against its density (the share of cases inside that miss), coloured by how
  many inputs the box restricts, with the chosen box, the density wanted and the base rate;
- :func:`box_chart`: the chosen box input by input, each restricted input's range in the cases
  (grey) and the box's range (coloured) on a 0-1 scale from its minimum to its maximum, the
  limits written in their units with their quasi-p-values, and each input's stability.

Inputs are named and limits written as :meth:`ipsim.analysis.prim.PrimResult.thresholds_text`
writes them (the result's ``names`` and ``formats``). A result does not say which target it is
of: pass ``target`` (an id) for the title, and the ``scenario`` to name it by its label.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt
import numpy as np
import pandas as pd

from ipsim.charts import _style
from ipsim.i18n import Lang, label
from ipsim.views.text import target_name

if TYPE_CHECKING:
    from ipsim.analysis.prim import PrimResult
    from ipsim.scenario import Scenario

BOX = _style.TARGET
"""The colour of the chosen box, in both charts."""
RANGE = "#d9d9d9"
"""The colour of an input's whole range in the cases."""
_WIDTH = 520
_NEAR_END = 0.25
"""How near an end of its bar (0-1) a limit's words turn to lie inside the box."""


def _percent(share: float) -> str:
    """A share as a whole percent ("81%")."""
    return f"{share:.0%}"


def _title(
    result: PrimResult, kind: str, lang: Lang, target: str | None, scenario: Scenario | None
) -> str:
    """The chart's title, naming the target given, or the one the result was found for."""
    target = target or result.target
    if target is None:
        return label(f"discovery_charts.{kind}_title_plain", lang)
    return label(f"discovery_charts.{kind}_title", lang, target=target_name(target, scenario, lang))


def _chosen_text(result: PrimResult, lang: Lang) -> str:
    """The chosen box in words: its step, coverage and density (or why there is none)."""
    if not result.found:
        return result.no_box_text(lang)
    step = result.step
    pasted = (result.n, result.k) != (result.trajectory_n[step], result.trajectory_k[step])
    return label(
        "discovery_charts.chosen_pasted" if pasted else "discovery_charts.chosen",
        lang,
        step=step,
        coverage=_percent(result.coverage),
        density=_percent(result.density),
    )


# --- the trade-off -------------------------------------------------------------------------


def _trajectory_points(result: PrimResult, lang: Lang) -> alt.LayerChart | alt.FacetChart:
    """The trajectory as a thin line through its steps, each step a point coloured by the
    number of inputs restricted."""
    frame = result.trajectory()
    names = {
        key: label(f"discovery_charts.{key}", lang)
        for key in ("step", "coverage", "density", "mass", "restricted")
    }
    x = alt.X(
        "coverage:Q",
        scale=alt.Scale(domain=[0, 1]),
        axis=alt.Axis(format="%", title=label("discovery_charts.coverage_axis", lang)),
    )
    lowest = min(frame["density"].min(), result.settings.threshold)
    low = max(0.0, float(np.floor(10 * (lowest - 0.02)) / 10))  # room below the lower rule
    y = alt.Y(
        "density:Q",
        scale=alt.Scale(domain=[low, 1]),
        axis=alt.Axis(format="%", title=label("discovery_charts.density_axis", lang)),
    )
    line = alt.Chart(frame).mark_line(color=_style.ASSUMED, strokeWidth=1).encode(x=x, y=y)
    points = (
        alt.Chart(frame)
        .mark_circle(size=45, opacity=0.9)
        .encode(
            x=x,
            y=y,
            color=_restricted_colour(frame, names["restricted"]),
            tooltip=[
                alt.Tooltip("step:Q", title=names["step"]),
                alt.Tooltip("coverage:Q", format=".1%", title=names["coverage"]),
                alt.Tooltip("density:Q", format=".1%", title=names["density"]),
                alt.Tooltip("mass:Q", format=".1%", title=names["mass"]),
                alt.Tooltip("restricted_dims:Q", title=names["restricted"]),
            ],
        )
    )
    return alt.layer(line, points)


def _reference_lines(result: PrimResult, lang: Lang) -> list[alt.Chart]:
    """The base rate (share of all cases that miss) and the density wanted, each a labelled
    horizontal rule."""
    base = result.k_total / result.n_total
    wanted = result.settings.threshold
    rules = pd.DataFrame(
        {
            "density": [base, wanted],
            "text": [
                label("discovery_charts.base_rate", lang, base=_percent(base)),
                label("discovery_charts.threshold", lang, threshold=_percent(wanted)),
            ],
            "dash": [[1, 0], [4, 3]],
        }
    )
    rule = (
        alt.Chart(rules)
        .mark_rule(color=_style.OBSERVED, opacity=0.7)
        .encode(y="density:Q", strokeDash=alt.StrokeDash("dash", scale=None, legend=None))
    )
    text = (
        alt.Chart(rules)
        .mark_text(align="left", baseline="bottom", dx=4, dy=-3, fontSize=11, color=_style.OBSERVED)
        .encode(y="density:Q", x=alt.datum(0), text="text:N")
    )
    return [rule, text]


def _chosen_mark(result: PrimResult, lang: Lang) -> list[alt.Chart]:
    """The chosen box: a ring at its coverage and density and its name beside it."""
    if not result.found:
        return []
    point = pd.DataFrame(
        {
            "coverage": [result.coverage],
            "density": [result.density],
            "text": [
                label(
                    "discovery_charts.chosen_mark",
                    lang,
                    coverage=_percent(result.coverage),
                    density=_percent(result.density),
                )
            ],
        }
    )
    right = result.coverage > 0.5
    ring = (
        alt.Chart(point)
        .mark_point(shape="circle", size=260, strokeWidth=2.5, color=BOX, filled=False)
        .encode(x="coverage:Q", y="density:Q")
    )
    text = (
        alt.Chart(point)
        .mark_text(
            align="right" if right else "left",
            dx=-12 if right else 12,
            dy=24,
            fontSize=12,
            fontWeight="bold",
            color=BOX,
        )
        .encode(x="coverage:Q", y="density:Q", text="text:N")
    )
    return [ring, text]


def _restricted_colour(frame: pd.DataFrame, title: str) -> alt.Color:
    """Colour by the number of inputs restricted: one swatch each when there are few, a
    gradient when peeling restricts many (a swatch per count would make a long legend)."""
    scale = alt.Scale(scheme="viridis", reverse=True)
    if frame["restricted_dims"].nunique() <= 6:
        legend = alt.Legend(orient="right", columns=2)
        return alt.Color("restricted_dims:O", title=title, scale=scale, legend=legend)
    legend = alt.Legend(orient="right", format="d", tickMinStep=1, gradientLength=160)
    return alt.Color("restricted_dims:Q", title=title, scale=scale, legend=legend)


def tradeoff_chart(
    result: PrimResult,
    *,
    lang: Lang = "en",
    target: str | None = None,
    scenario: Scenario | None = None,
) -> alt.LayerChart | alt.FacetChart:
    """The peeling trajectory: coverage against density at each step, the chosen box marked.

    Parameters
    ----------
    result : PrimResult
        What :func:`ipsim.analysis.prim.prim` or :func:`ipsim.analysis.discover.discover` gave.
    lang : {"en", "zh"}
    target : str, optional
        The target id the result is of, named in the title (default: ``result.target``, which
        :func:`ipsim.analysis.discover.discover` sets).
    scenario : Scenario, optional
        Names the target by its indicator's label (without it, by its id).

    Returns
    -------
    altair.LayerChart
        Layers: the trajectory's line, its points (coloured by the number of inputs restricted,
        with step, coverage, density, mass and that number as tooltips), the base rate and the
        density wanted (rules and their labels), and the chosen box (a ring and its label; none
        when ``result.found`` is False, and the subtitle says why).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from ipsim.analysis.prim import prim
    >>> rng = np.random.default_rng(1)
    >>> x = pd.DataFrame(rng.uniform(size=(2000, 2)), columns=["a", "b"])
    >>> spec = tradeoff_chart(prim(x, (x["a"] < 0.3) & (x["b"] > 0.6)), target="a_target").to_dict()
    >>> spec["title"]["text"]
    'Coverage against density while peeling: a_target'
    >>> spec["title"]["subtitle"][1]
    'chosen box (step 38): 100% of misses inside, 83% of cases inside miss'
    """
    subtitle = [
        label(
            "discovery_charts.cases",
            lang,
            n=result.n_total,
            k=result.k_total,
            base=_percent(result.k_total / result.n_total),
        ),
        _chosen_text(result, lang),
    ]
    layers = [
        _trajectory_points(result, lang),
        *_reference_lines(result, lang),
        *_chosen_mark(result, lang),
    ]
    title = alt.TitleParams(_title(result, "tradeoff", lang, target, scenario), subtitle=subtitle)
    return alt.layer(*layers).properties(width=_WIDTH, height=320, title=title)


# --- the box -------------------------------------------------------------------------------


def _reader_name(result: PrimResult, column: str, lang: Lang) -> str:
    """An input as the reader knows it (the result's ``names``), else its column name."""
    pair = (result.names or {}).get(column)
    return column if pair is None else pair[0 if lang == "en" else 1]


def _reader_value(result: PrimResult, column: str, value: float, lang: Lang) -> str:
    """A value of an input in its unit (the result's ``formats``), else 3 significant digits."""
    shown = (result.formats or {}).get(column)
    return f"{value:.3g}" if shown is None else shown(float(value), lang)


def _quasi_p_text(p: float) -> str:
    """A quasi-p-value as a reader wants it: "< 0.001" when tiny, else 2 significant digits."""
    return "< 0.001" if p < 0.001 else f"{p:.2g}"


def _box_row(result: PrimResult, column: str, lang: Lang) -> dict[str, Any]:
    """One restricted input: its name, its range and the box's on the 0-1 scale from the
    input's minimum to its maximum in the cases, and their texts in the input's unit."""
    j = result.columns.index(column)
    (low, lower), (high, upper) = zip(result.initial[:, j], result.limits[:, j], strict=True)
    moved = result.limits[:, j] != result.initial[:, j]
    name = _reader_name(result, column, lang)
    stable = "" if result.stability is None else _percent(result.stability[j])
    heading = label("discovery_charts.stability", lang, name=name, share=stable) if stable else name
    texts = [_reader_value(result, column, v, lang) for v in (low, high, lower, upper)]
    qp = [
        _quasi_p_text(p) if m else label("discovery_charts.unbounded", lang)
        for p, m in zip(result.qp[:, j], moved, strict=True)
    ]
    limits = [
        label("discovery_charts.limit", lang, value=text, p=p) if m else ""
        for text, p, m in zip(texts[2:], qp, moved, strict=True)
    ]
    return {
        "input": name,
        "heading": heading,
        "zero": 0.0,
        "one": 1.0,
        "box_lo": (lower - low) / (high - low),
        "box_hi": (upper - low) / (high - low),
        "min_text": texts[0],
        "max_text": texts[1],
        "lower_text": limits[0],
        "upper_text": limits[1],
        "range_text": f"{texts[0]} – {texts[1]}",
        "box_text": f"{texts[2]} – {texts[3]}",
        "qp_lower": qp[0],
        "qp_upper": qp[1],
        "stability": stable,
    }


def _box_layers(rows: pd.DataFrame, lang: Lang) -> list[alt.Chart]:
    """Per input: its range (grey) and the box's (coloured) as bars, its name above, its
    minimum and maximum at the ends, the box's limits below (with their quasi-p-values)."""
    base = alt.Chart(rows).encode(
        y=alt.Y("input:N", sort=list(rows["input"]), axis=None),
        tooltip=[
            alt.Tooltip("input:N", title=label("discovery_charts.input", lang)),
            alt.Tooltip("range_text:N", title=label("discovery_charts.range", lang)),
            alt.Tooltip("box_text:N", title=label("discovery_charts.box_range", lang)),
            alt.Tooltip("qp_lower:N", title=label("discovery_charts.qp_lower", lang)),
            alt.Tooltip("qp_upper:N", title=label("discovery_charts.qp_upper", lang)),
            alt.Tooltip("stability:N", title=label("discovery_charts.stable", lang)),
        ],
    )
    x = alt.X("zero:Q", scale=alt.Scale(domain=[0, 1]), axis=None)
    words: dict[str, Any] = {"fontSize": 11, "baseline": "middle"}
    return [
        base.mark_bar(height=14, color=RANGE).encode(x=x, x2="one:Q"),
        base.mark_bar(height=14, color=BOX).encode(x="box_lo:Q", x2="box_hi:Q"),
        base.mark_text(align="left", dy=-22, fontSize=12, fontWeight="bold").encode(
            x="zero:Q", text="heading:N"
        ),
        base.mark_text(align="right", dx=-6, color="#555", **words).encode(
            x="zero:Q", text="min_text:N"
        ),
        base.mark_text(align="left", dx=6, color="#555", **words).encode(
            x="one:Q", text="max_text:N"
        ),
        # a limit's words lie outside the box, unless that would run past the bar's end
        base.mark_text(
            align=alt.expr(f"datum.box_lo > {_NEAR_END} ? 'right' : 'left'"),
            dy=20,
            color=BOX,
            **words,
        ).encode(x="box_lo:Q", text="lower_text:N"),
        base.mark_text(
            align=alt.expr(f"datum.box_hi < {1 - _NEAR_END} ? 'left' : 'right'"),
            dy=20,
            color=BOX,
            **words,
        ).encode(x="box_hi:Q", text="upper_text:N"),
    ]


def _no_box_layer(result: PrimResult, lang: Lang) -> alt.Chart:
    """The words that say there is no box, where the box would be."""
    return (
        alt.Chart(pd.DataFrame({"text": [result.no_box_text(lang)]}))
        .mark_text(align="left", fontSize=13, color=_style.OBSERVED)
        .encode(x=alt.value(0), y=alt.value(20), text="text:N")
    )


def box_chart(
    result: PrimResult,
    *,
    lang: Lang = "en",
    target: str | None = None,
    scenario: Scenario | None = None,
) -> alt.LayerChart | alt.FacetChart:
    """The chosen box input by input: each restricted input's range in the cases and the box's.

    Each input's bar runs from its minimum to its maximum in the cases (grey, written at the
    ends in the input's unit); the coloured part is the box, its limits written below with their
    quasi-p-values; the input's name is above, with its stability when the result has one.

    Parameters
    ----------
    result : PrimResult
        What :func:`ipsim.analysis.prim.prim` or :func:`ipsim.analysis.discover.discover` gave.
    lang : {"en", "zh"}
    target : str, optional
        The target id the result is of, named in the title (default: ``result.target``, which
        :func:`ipsim.analysis.discover.discover` sets).
    scenario : Scenario, optional
        Names the target by its indicator's label (without it, by its id).

    Returns
    -------
    altair.LayerChart
        Titled with the box's coverage and density; the layers' data hold one row per
        restricted input, with the box's range on the 0-1 scale (``box_lo``, ``box_hi``). When
        ``result.found`` is False, one text layer says there is no box and why.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from ipsim.analysis.prim import prim
    >>> rng = np.random.default_rng(1)
    >>> x = pd.DataFrame(rng.uniform(size=(2000, 2)), columns=["a", "b"])
    >>> spec = box_chart(prim(x, (x["a"] < 0.3) & (x["b"] > 0.6))).to_dict()
    >>> spec["title"]["subtitle"][0]
    'the box holds 100% of all misses (coverage); 83% of the cases inside it miss (density); it holds 14% of all cases'
    >>> rows = spec["datasets"][spec["data"]["name"]]  # one per restricted input
    >>> [(row["lower_text"], row["upper_text"]) for row in rows]
    [('', '0.304 (quasi-p < 0.001)'), ('0.54 (quasi-p < 0.001)', '')]
    """
    title = _title(result, "box", lang, target, scenario)
    if not result.found:
        return alt.layer(_no_box_layer(result, lang)).properties(
            width=_WIDTH, height=40, title=alt.TitleParams(title)
        )
    subtitle = [
        label(
            "discovery_charts.box_subtitle",
            lang,
            coverage=_percent(result.coverage),
            density=_percent(result.density),
            mass=_percent(result.mass),
        ),
        label("discovery_charts.box_key", lang),
    ]
    rows = pd.DataFrame([_box_row(result, column, lang) for column in result.restricted])
    return alt.layer(*_box_layers(rows, lang)).properties(
        width=_WIDTH, height=alt.Step(78), title=alt.TitleParams(title, subtitle=subtitle)
    )
