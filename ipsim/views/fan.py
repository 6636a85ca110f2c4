"""The fan chart as a Vega-Lite dict: one target's projection, the figures behind it, the target.

Built without altair (about a millisecond), so the explorer and briefings can draw it with
vl-convert directly; :func:`ipsim.charts.fan_chart` wraps it as an altair chart.

A target decided by published figures (:attr:`ipsim.assess.TargetAssessment.decided`) has no
fan: no band or median pretends an uncertainty the figures have settled. Its chart shows the
published figures, the target, the deadline and "met" or "missed" at the last figure, and its
subtitle gives the verdict with the figures instead of a P(met).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ipsim.i18n import Lang, format_percent, label
from ipsim.views import style as _style
from ipsim.views.units import axis_unit

if TYPE_CHECKING:
    from ipsim.assess import Assessment, TargetAssessment
    from ipsim.plan import Plan, Target
    from ipsim.simulate import SimulationResult

_SERIES = {
    "en": ("90% interval", "50% interval", "median", "observed", "assumed", "target"),
    "zh": ("90%区间", "50%区间", "中位数", "观测值", "假设值", "目标"),
}
_KEY = {
    "en": "bands: 50% and 90% of draws · ● observed figure (darker = more reliable) · ◇ assumed · dashed: target",
    "zh": "色带：50%与90%模拟区间 · ● 观测值（颜色越深越可靠）· ◇ 假设值 · 虚线：目标",
}
_KEY_DECIDED = {
    "en": "● published figure (darker = more reliable) · ◇ assumed · dashed: target",
    "zh": "● 公布数据（颜色越深越可靠）· ◇ 假设值 · 虚线：目标",
}
_OPACITY = {"high": 1.0, "medium": 0.7, "low": 0.4}


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
    """
    assessment = as_assessment(result)
    sim = assessment.result
    plan = sim.plan
    the_target = plan.target(target)
    indicator = plan.indicator(the_target.indicator)
    spec = sim.scenario.indicators[the_target.indicator]
    index = spec.baseline.value is None
    path = sim.path(the_target.indicator)
    defined = ~np.isnan(path[0]) & (sim.years <= the_target.deadline)  # up to the deadline
    years = sim.years[defined].astype(int)
    q05, q25, q50, q75, q95 = np.quantile(path[:, defined], [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
    points = _points(sim, the_target.indicator, years, q50, observed, index)
    goal = _target_line(the_target, indicator.kind, years, q50)
    largest = float(np.nanmax([q95.max(), *(points["value"]), *(goal["value"])]))
    unit = axis_unit(indicator, largest, lang, index=index)
    names = _SERIES[lang]
    f = unit.factor
    decided = next(t for t in assessment.targets if t.id == target).decided

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
    shown = [] if decided else bands  # a decided target has no fan
    records = [{**r, "value": r["value"] / f} for r in points.to_dict("records")]
    seen = [r for r in records if r["kind"] != "assumed"]
    guessed = [r for r in records if r["kind"] == "assumed"]
    line = [{**r, "value": r["value"] / f} for r in goal.to_dict("records")]
    first_year = int(min([int(years.min()), *(r["year"] for r in records)]))
    deadline = the_target.deadline

    def quant(field: str, **extra: Any) -> dict[str, Any]:
        return {"field": field, "type": "quantitative", **extra}

    x = quant(
        "year",
        title="年份" if lang == "zh" else "year",
        axis={"format": "d", "tickMinStep": 1, "values": list(range(first_year, deadline + 1))},
        scale={"domain": [first_year - 0.3, deadline + 0.3], "nice": False},
    )
    tooltip = [
        quant("year", format="d"),
        quant("value", format=unit.format),
        {"field": "kind", "type": "nominal"},
        {"field": "source", "type": "nominal"},
    ]
    end: dict[Any, Any] = {"year": bands[-1]["year"], "value": bands[-1]["median"]}
    end_text, end_colour = names[2], _style.PROJECTION
    if decided:  # "met" or "missed" at the last published figure, not "median"
        end = max((r for r in seen if r["year"] <= deadline), key=lambda r: r["year"], default=end)
        from ipsim.views.board import short_verdict

        end_text = short_verdict(decided, lang)
        end_colour = _style.STATUS_COLOURS[f"target_{'achieved' if decided == 'met' else 'missed'}"]
    median_end = end["value"]
    goal_end = line[-1]["value"] if line else median_end
    above = -7 if goal_end >= median_end else 7  # keep the two end labels apart

    def end_label(x_at: float, y_at: float, text: str, dy: int, colour: str) -> dict[str, Any]:
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
                "x": quant("year"),
                "y": quant("value"),
                "text": {"field": "text", "type": "nominal"},
            },
        }

    deadline_data = {"values": [{"year": deadline, "label": _deadline_label(the_target, lang)}]}
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": shown},
            "mark": {"type": "area", "opacity": 0.18, "color": _style.PROJECTION},
            "encoding": {
                "x": x,
                "y": quant("lo90", axis={"format": unit.format, "title": unit.label}),
                "y2": {"field": "hi90"},
            },
        },
        {
            "data": {"values": shown},
            "mark": {"type": "area", "opacity": 0.35, "color": _style.PROJECTION},
            "encoding": {"x": x, "y": quant("lo50"), "y2": {"field": "hi50"}},
        },
        {
            "data": {"values": shown},
            "mark": {"type": "line", "strokeWidth": 2.5, "color": _style.PROJECTION},
            "encoding": {
                "x": x,
                "y": quant("median"),
                "tooltip": [quant("year", format="d"), quant("median", format=unit.format)],
            },
        },
        {
            "data": {"values": seen},
            "mark": {"type": "point", "filled": True, "size": 70, "color": _style.OBSERVED},
            "encoding": {
                "x": quant("year"),
                "y": quant("value"),
                "opacity": quant("opacity", legend=None, scale=None),
                "tooltip": tooltip,
            },
        },
        {
            "data": {"values": guessed},
            "mark": {
                "type": "point",
                "filled": False,
                "shape": "diamond",
                "size": 110,
                "strokeWidth": 2,
                "color": _style.ASSUMED,
            },
            "encoding": {"x": quant("year"), "y": quant("value"), "tooltip": tooltip},
        },
        {
            "data": {"values": line},
            "mark": {
                "type": "line",
                "strokeDash": [6, 4],
                "strokeWidth": 2,
                "color": _style.TARGET,
            },
            "encoding": {
                "x": quant("year"),
                "y": quant("value"),
                "tooltip": [{"field": "label", "type": "nominal"}],
            },
        },
        {
            "data": deadline_data,
            "mark": {"type": "rule", "color": _style.TARGET, "strokeWidth": 1},
            "encoding": {"x": quant("year")},
        },
        {
            "data": deadline_data,
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
                "x": quant("year"),
                "y": {"value": 0},
                "text": {"field": "label", "type": "nominal"},
            },
        },
    ]
    layers.append(end_label(end["year"], median_end, end_text, -above, end_colour))
    if line:
        layers.append(end_label(line[-1]["year"], goal_end, names[5], above, _style.TARGET))
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
    if lang == "zh":
        return f"{target.label('zh')}（{target.deadline}年）"
    return f"{target.label('en')} by {target.deadline}"


def _subtitle(ta: TargetAssessment, sim: SimulationResult, spec: Any, lang: Lang) -> list[str]:
    reading = label(ta.kind, lang)
    if ta.decided is not None:
        from ipsim.views.board import decided_text

        share = sim.plan.indicator(ta.indicator).kind == "share"
        scenario = "情景" if lang == "zh" else "scenario"
        where = f"{reading} · {scenario} {sim.scenario.name}"  # no draws: none decide it
        return [decided_text(ta, lang, share=share), _KEY_DECIDED[lang], where]
    if lang == "zh":
        first = (
            f"达成概率 {format_percent(ta.p_met, 0)}（±{format_percent(ta.p_met_se, 1)}）· {reading} · "
            f"{sim.draws:,} 次模拟 · 情景 {sim.scenario.name}"
        )
    else:
        first = (
            f"P(met) = {format_percent(ta.p_met, 0)} (± {format_percent(ta.p_met_se, 1)}) · {reading} · "
            f"{sim.draws:,} draws · scenario {sim.scenario.name}"
        )
    notes = []
    if ta.threshold is None:
        notes.append(label("no_threshold_note", lang))
    if spec.baseline.is_assumed:
        notes.append(label("assumed_marker", lang))
    if spec.trend_assumed:
        notes.append(label("trend_marker", lang).split(" (")[0].split("（")[0])
    return [first, _KEY[lang], *(["   ".join(notes)] if notes else [])]


def _deadline_label(target: Target, lang: Lang) -> str:
    return f"期限 {target.deadline}" if lang == "zh" else f"deadline {target.deadline}"
