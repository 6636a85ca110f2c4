"""The fan chart as a Vega-Lite dict: one target's projection, the figures behind it, the target.

Built without altair (about a millisecond), so the explorer and briefings can draw it with
vl-convert directly; :func:`ipsim.charts.fan_chart` wraps it as an altair chart.

A target decided by published figures (:attr:`ipsim.assess.TargetAssessment.decided`) has no
fan: no band or median pretends an uncertainty the figures have settled. Its chart shows the
published figures, the target, the deadline and "met" or "missed" at the last figure, and its
subtitle gives the verdict with the figures instead of a P(met).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ipsim.i18n import Lang, label
from ipsim.probability import format_interval
from ipsim.views import style as _style
from ipsim.views.units import AxisUnit, axis_unit

if TYPE_CHECKING:
    from ipsim.assess import Assessment, TargetAssessment
    from ipsim.plan import Plan, Target
    from ipsim.simulate import SimulationResult

_OPACITY = {"high": 1.0, "medium": 0.7, "low": 0.4}
_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95]


def as_assessment(result: SimulationResult | Assessment) -> Assessment:
    """Return ``result`` if it is an assessment, else assess it."""
    from ipsim.assess import Assessment, assess

    return result if isinstance(result, Assessment) else assess(result)


def fan_spec(
    result: SimulationResult | Assessment,
    target: str,
    *,
    lang: Lang = "en",
    observed: Any = None,
    width: int = 520,
    height: int = 300,
    titled: bool = True,
    key: bool = True,
) -> dict[str, Any]:
    """The fan chart as a Vega-Lite dict (what :func:`fan_chart` wraps; no theme applied).

    Building the dict directly takes about a millisecond, against some 80 ms for altair's
    objects, which is what lets the explorer redraw within its budget.

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> board = assess(simulate(load_scenario("baseline"), draws=200, rng=1))
    >>> spec = fan_spec(board, "invention_apps", lang="zh")
    >>> [layer["mark"]["type"] for layer in spec["layer"]][:3], spec["title"]["text"]
    (['area', 'area', 'line'], '发明专利申请量年均增长18%以上（2020年）')
    """
    assessment = as_assessment(result)
    fan = _fan_data(assessment, target, lang, observed)
    layers = [
        *_band_layers(fan, lang),
        *_figure_layers(fan),
        *_target_layers(fan),
        *_end_labels(fan, lang),
    ]
    out: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "layer": layers,
        "width": width,
        "height": height,
    }
    if titled:
        title, subtitle = fan_title(assessment, target, lang, key=key)
        out["title"] = {"text": title, "subtitle": subtitle}
    return out


@dataclass(frozen=True)
class _Fan:
    """What a fan chart draws, as records in axis units (values divided by ``unit.factor``)."""

    bands: list[dict[Any, Any]]
    """year, lo90, hi90, lo50, hi50, median: the projection up to the deadline."""
    seen: list[dict[Any, Any]]
    """The observed figures (year, value, kind, source, opacity)."""
    guessed: list[dict[Any, Any]]
    """The assumed baseline and its history."""
    line: list[dict[Any, Any]]
    """The target line or required path (year, value, label); empty if not published."""
    unit: AxisUnit
    first_year: int
    deadline: int
    deadline_label: str
    decided: str | None
    """``"met"`` or ``"missed"`` for a target decided by published figures, else None."""


def _fan_data(assessment: Assessment, target: str, lang: Lang, observed: Any) -> _Fan:
    """Quantiles of the target's indicator, the figures behind it and the target, in axis units."""
    sim = assessment.result
    the_target = sim.plan.target(target)
    indicator = sim.plan.indicator(the_target.indicator)
    index = sim.scenario.indicators[the_target.indicator].baseline.value is None
    path = sim.path(the_target.indicator)
    defined = ~np.isnan(path[0]) & (sim.years <= the_target.deadline)  # up to the deadline
    years = sim.years[defined].astype(int)
    q05, q25, q50, q75, q95 = np.quantile(path[:, defined], _QUANTILES, axis=0)
    points = _points(sim, the_target.indicator, years, q50, observed, index)
    goal = _target_line(the_target, indicator.kind, years, q50)
    largest = float(np.nanmax([q95.max(), *(points["value"]), *(goal["value"])]))
    unit = axis_unit(indicator, largest, lang, index=index)
    f = unit.factor
    bands = [
        {
            "year": int(y),
            "lo90": a / f,
            "hi90": e / f,
            "lo50": b / f,
            "hi50": d / f,
            "median": c / f,
        }
        for y, a, b, c, d, e in zip(years, q05, q25, q50, q75, q95, strict=True)
    ]
    records = [{**r, "value": r["value"] / f} for r in points.to_dict("records")]
    return _Fan(
        bands=bands,
        seen=[r for r in records if r["kind"] != "assumed"],
        guessed=[r for r in records if r["kind"] == "assumed"],
        line=[{**r, "value": r["value"] / f} for r in goal.to_dict("records")],
        unit=unit,
        first_year=int(min([int(years.min()), *(r["year"] for r in records)])),
        deadline=the_target.deadline,
        deadline_label=label("fan.deadline", lang, year=the_target.deadline),
        decided=next(t for t in assessment.targets if t.id == target).decided,
    )


def _quant(field: str, **extra: Any) -> dict[str, Any]:
    return {"field": field, "type": "quantitative", **extra}


def _band_layers(fan: _Fan, lang: Lang) -> list[dict[str, Any]]:
    """The 90 % and 50 % bands and the median (no data for a decided target: it has no fan)."""
    first, last = fan.first_year, fan.deadline
    x = _quant(
        "year",
        title=label("col_year", lang),
        axis={"format": "d", "tickMinStep": 1, "values": list(range(first, last + 1))},
        scale={"domain": [first - 0.3, last + 0.3], "nice": False},
    )
    data = {"values": [] if fan.decided else fan.bands}
    median_tooltip = [_quant("year", format="d"), _quant("median", format=fan.unit.format)]
    return [
        {
            "data": data,
            "mark": {"type": "area", "opacity": 0.18, "color": _style.PROJECTION},
            "encoding": {
                "x": x,
                "y": _quant("lo90", axis={"format": fan.unit.format, "title": fan.unit.label}),
                "y2": {"field": "hi90"},
            },
        },
        {
            "data": data,
            "mark": {"type": "area", "opacity": 0.35, "color": _style.PROJECTION},
            "encoding": {"x": x, "y": _quant("lo50"), "y2": {"field": "hi50"}},
        },
        {
            "data": data,
            "mark": {"type": "line", "strokeWidth": 2.5, "color": _style.PROJECTION},
            "encoding": {"x": x, "y": _quant("median"), "tooltip": median_tooltip},
        },
    ]


def _figure_layers(fan: _Fan) -> list[dict[str, Any]]:
    """The observed figures (dots, darker when more reliable) and the assumed ones (diamonds)."""
    tooltip = [
        _quant("year", format="d"),
        _quant("value", format=fan.unit.format),
        {"field": "kind", "type": "nominal"},
        {"field": "source", "type": "nominal"},
    ]
    return [
        {
            "data": {"values": fan.seen},
            "mark": {"type": "point", "filled": True, "size": 70, "color": _style.OBSERVED},
            "encoding": {
                "x": _quant("year"),
                "y": _quant("value"),
                "opacity": _quant("opacity", legend=None, scale=None),
                "tooltip": tooltip,
            },
        },
        {
            "data": {"values": fan.guessed},
            "mark": {
                "type": "point",
                "filled": False,
                "shape": "diamond",
                "size": 110,
                "strokeWidth": 2,
                "color": _style.ASSUMED,
            },
            "encoding": {"x": _quant("year"), "y": _quant("value"), "tooltip": tooltip},
        },
    ]


def _target_layers(fan: _Fan) -> list[dict[str, Any]]:
    """The target line (dashed), the deadline rule and its label."""
    deadline = {"values": [{"year": fan.deadline, "label": fan.deadline_label}]}
    return [
        {
            "data": {"values": fan.line},
            "mark": {
                "type": "line",
                "strokeDash": [6, 4],
                "strokeWidth": 2,
                "color": _style.TARGET,
            },
            "encoding": {
                "x": _quant("year"),
                "y": _quant("value"),
                "tooltip": [{"field": "label", "type": "nominal"}],
            },
        },
        {
            "data": deadline,
            "mark": {"type": "rule", "color": _style.TARGET, "strokeWidth": 1},
            "encoding": {"x": _quant("year")},
        },
        {
            "data": deadline,
            "mark": {
                "type": "text",
                "align": "right",
                "baseline": "bottom",
                "dx": 0,
                "dy": -4,
                "color": _style.TARGET,
                "fontSize": 11,
            },
            "encoding": {
                "x": _quant("year"),
                "y": {"value": 0},
                "text": {"field": "label", "type": "nominal"},
            },
        },
    ]


def _end_labels(fan: _Fan, lang: Lang) -> list[dict[str, Any]]:
    """The end labels: "median" at the median's end (or "met"/"missed" at the last published
    figure of a decided target), and "target" at the target line's end, kept apart vertically."""
    end: dict[Any, Any] = {"year": fan.bands[-1]["year"], "value": fan.bands[-1]["median"]}
    end_text, end_colour = label("fan.median", lang), _style.PROJECTION
    if fan.decided:  # "met" or "missed" at the last published figure, not "median"
        shown = (r for r in fan.seen if r["year"] <= fan.deadline)
        end = max(shown, key=lambda r: r["year"], default=end)
        from ipsim.views.board import short_verdict

        end_text = short_verdict(fan.decided, lang)
        status = "target_achieved" if fan.decided == "met" else "target_missed"
        end_colour = _style.STATUS_COLOURS[status]
    median_end = end["value"]
    goal_end = fan.line[-1]["value"] if fan.line else median_end
    above = -7 if goal_end >= median_end else 7  # keep the two end labels apart
    labels = [_end_label(end["year"], median_end, end_text, -above, end_colour)]
    if fan.line:
        target_text = label("fan.target", lang)
        labels.append(_end_label(fan.line[-1]["year"], goal_end, target_text, above, _style.TARGET))
    return labels


def _end_label(x_at: float, y_at: float, text: str, dy: int, colour: str) -> dict[str, Any]:
    return {
        "data": {"values": [{"year": x_at, "value": y_at, "text": text}]},
        "mark": {
            "type": "text",
            "align": "left",
            "dx": 8,
            "dy": dy,
            "fontSize": 11,
            "fontWeight": "bold",
            "color": colour,
        },
        "encoding": {
            "x": _quant("year"),
            "y": _quant("value"),
            "text": {"field": "text", "type": "nominal"},
        },
    }


def fan_title(
    assessment: Assessment, target: str, lang: Lang = "en", *, key: bool = True
) -> tuple[str, list[str]]:
    """The fan chart's title and subtitle lines (the target, P(met), reading, draws, markers)."""
    sim = assessment.result
    the_target = sim.plan.target(target)
    ta = next(t for t in assessment.targets if t.id == target)
    spec = sim.scenario.indicators[the_target.indicator]
    subtitle = _subtitle(ta, sim, spec, lang)
    return _title(the_target, lang), subtitle if key else [subtitle[0], *subtitle[2:]]


def _points(
    sim: SimulationResult,
    ident: str,
    years: np.ndarray,
    q50: np.ndarray,
    observed: Any,
    index: bool,
) -> pd.DataFrame:
    """The figures behind the projection: the baseline (observed or assumed), its history, data."""
    spec = sim.scenario.indicators[ident]
    b = spec.baseline
    kind = "assumed" if b.is_assumed else b.confidence
    where = b.source or b.rationale or ""
    rows = [
        {
            "year": b.year,
            "value": float(q50[list(years).index(b.year)]),
            "kind": kind,
            "source": where,
        }
    ]
    rows += [
        {"year": int(y), "value": float(v), "kind": kind, "source": where}
        for y, v in sorted(b.history.items())
    ]
    if not index and observed is not False:
        picked = data_selection(sim.plan) if observed is None else observed.select(sim.plan)
        if picked is not None:
            shown = {r["year"] for r in rows}
            series = picked.series(ident)
            rows += [
                {
                    "year": int(r.year),
                    "value": float(r.value),
                    "kind": r.confidence,
                    "source": f"{r.source_title} ({r.where})",
                }
                for r in series.itertuples(index=False)
                if int(r.year) not in shown
            ]
    frame = pd.DataFrame(rows, columns=["year", "value", "kind", "source"])
    frame["opacity"] = frame["kind"].map(_OPACITY).fillna(1.0)
    return frame


_BUNDLED: dict[tuple[str, str | None], Any] = {}


def data_selection(plan: Plan) -> Any:
    """The plan's bundled figures as picked by the default rule, read once per process (or None)."""
    key = (plan.id, plan.observed_data)
    if key not in _BUNDLED:
        from ipsim.observed import load_observed

        has_data = plan.observed_data and plan.scope
        _BUNDLED[key] = load_observed(plan).select(plan) if has_data else None
    return _BUNDLED[key]


def _target_line(target: Target, kind: str, years: np.ndarray, q50: np.ndarray) -> pd.DataFrame:
    """The target as a line: the required path of a growth target, else the threshold level."""
    at = {int(y): float(v) for y, v in zip(years, q50, strict=True)}
    if target.threshold is None:  # not published: no line to draw
        return pd.DataFrame({"year": [], "value": [], "label": []})
    if target.is_growth:
        start = at.get(target.base_year, float(q50[0]))
        span = range(target.base_year, target.deadline + 1)
        values = [start * (1 + target.threshold) ** (y - target.base_year) for y in span]
        return pd.DataFrame({"year": list(span), "value": values, "label": "required path"})
    first, last = target.window or (target.deadline, target.deadline)
    level = target.threshold
    if target.kind == "cumulative" and target.basis == "additions" and target.window:
        if kind == "flow":
            level = target.threshold / (last - first + 1)
        else:
            level = at.get(first - 1, float(q50[0])) + target.threshold
    first = min(first, int(years[0])) if target.kind != "every_year" else first
    return pd.DataFrame({"year": [first, last], "value": [level, level], "label": "target"})


def _title(target: Target, lang: Lang) -> str:
    """The target in the plan's words (its label carries the threshold), with its deadline."""
    return label("fan.title", lang, target=target.label(lang), deadline=target.deadline)


def _scenario_name(sim: SimulationResult, lang: Lang) -> str:
    """The scenario as a reader knows it: its title in ``lang``, else its name."""
    return sim.scenario.title(lang) or sim.scenario.name


def _subtitle(ta: TargetAssessment, sim: SimulationResult, spec: Any, lang: Lang) -> list[str]:
    """P(met) with its verdict and Wilson interval, the reading, draws and scenario; the key; the markers."""
    reading = label(ta.kind, lang)
    if ta.decided is not None:
        from ipsim.views.board import decided_text

        share = sim.plan.indicator(ta.indicator).kind == "share"
        where = f"{reading} · {label('scenario', lang)} {_scenario_name(sim, lang)}"  # no draws decide it
        return [decided_text(ta, lang, share=share), label("fan.key_decided", lang), where]
    first = label(
        "fan.subtitle",
        lang,
        p_met=ta.p_met_text(lang, digits=0, draws=sim.draws),
        verdict=ta.verdict_text(lang, short=True),
        interval="–" if ta.p_met_interval is None else format_interval(*ta.p_met_interval, lang),
        reading=reading,
        draws=f"{sim.draws:,}",
        scenario=_scenario_name(sim, lang),
    )
    notes = []
    if ta.threshold is None:
        notes.append(label("no_threshold_note", lang))
    if spec.baseline.is_assumed:
        notes.append(label("assumed_marker", lang))
    if spec.trend_assumed:
        notes.append(label("fan.trend_note", lang))
    return [first, label("fan.key", lang), *(["   ".join(notes)] if notes else [])]
