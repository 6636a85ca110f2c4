"""The fan chart: one target's projection with its bands, the figures behind it, and the target."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt
import numpy as np
import pandas as pd

from ipsim.charts import _style
from ipsim.charts._units import axis_unit
from ipsim.i18n import Lang, format_percent, label

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
_OPACITY = {"high": 1.0, "medium": 0.7, "low": 0.4}


def as_assessment(result: SimulationResult | Assessment) -> Assessment:
    """Return ``result`` if it is an assessment, else assess it."""
    from ipsim.assess import Assessment, assess

    return result if isinstance(result, Assessment) else assess(result)


def fan_chart(
    result: SimulationResult | Assessment,
    target: str,
    *,
    lang: Lang = "en",
    observed: Any = None,
    width: int = 520,
    height: int = 300,
) -> alt.LayerChart:
    """Projection of one target's indicator: median, 50 % and 90 % bands, figures, target, deadline.

    Parameters
    ----------
    result : SimulationResult or Assessment
        Pass the assessment when you have it (P(met) is then not computed again).
    target : str
        A target id of the plan.
    lang : {"en", "zh"}
    observed : ObservedData, optional
        Figures to plot (of the plan's scope, picked by the default conflict rule); defaults to
        the plan's bundled table. ``False`` plots only the scenario's baseline.
    width, height : int
        Size of the plot area in pixels.

    Returns
    -------
    altair.LayerChart
        Layers: bands, median, observed figures, assumed baseline, target line or required
        path, deadline rule and label. Restyle it as any altair chart.

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> board = assess(simulate(load_scenario("baseline"), draws=1_000, rng=1))
    >>> spec = fan_chart(board, "invention_apps", lang="zh").to_dict()
    >>> spec["title"]["text"]
    '发明专利申请量年均增长18%以上（2020年）'
    >>> [layer["mark"]["type"] for layer in spec["layer"]]
    ['area', 'area', 'line', 'point', 'point', 'line', 'rule', 'text', 'text', 'text']
    """
    assessment = as_assessment(result)
    sim = assessment.result
    plan = sim.plan
    the_target = plan.target(target)
    ta = next(t for t in assessment.targets if t.id == target)
    indicator = plan.indicator(the_target.indicator)
    spec = sim.scenario.indicators[the_target.indicator]
    index = spec.baseline.value is None
    path = sim.path(the_target.indicator)
    defined = ~np.isnan(path[0])
    years = sim.years[defined].astype(int)
    q05, q25, q50, q75, q95 = np.quantile(path[:, defined], [0.05, 0.25, 0.5, 0.75, 0.95], axis=0)
    points = _points(sim, the_target.indicator, years, q50, observed, index)
    goal = _target_line(the_target, indicator.kind, years, q50)
    largest = float(np.nanmax([q95.max(), *(points["value"]), *(goal["value"])]))
    unit = axis_unit(indicator, largest, lang, index=index)
    names = _SERIES[lang]

    bands = pd.DataFrame(
        {"year": years, "lo90": q05, "hi90": q95, "lo50": q25, "hi50": q75, "median": q50}
    )
    for column in ("lo90", "hi90", "lo50", "hi50", "median"):
        bands[column] = bands[column] / unit.factor
    points = points.assign(value=points["value"] / unit.factor)
    goal = goal.assign(value=goal["value"] / unit.factor)

    first_year = int(min(years.min(), points["year"].min() if len(points) else years.min()))
    x = alt.X(
        "year:Q",
        title="年份" if lang == "zh" else "year",
        axis=alt.Axis(
            format="d", tickMinStep=1, values=list(range(first_year, the_target.deadline + 1))
        ),
        scale=alt.Scale(domain=[first_year - 0.3, the_target.deadline + 0.3], nice=False),
    )
    y_axis = alt.Axis(format=unit.format, title=unit.label)
    base = alt.Chart(bands).encode(x=x)
    band90 = base.mark_area(opacity=0.18, color=_style.PROJECTION).encode(
        y=alt.Y("lo90:Q", axis=y_axis), y2="hi90:Q"
    )
    band50 = base.mark_area(opacity=0.35, color=_style.PROJECTION).encode(y="lo50:Q", y2="hi50:Q")
    median = base.mark_line(strokeWidth=2.5, color=_style.PROJECTION).encode(
        y="median:Q",
        tooltip=[alt.Tooltip("year:Q", format="d"), alt.Tooltip("median:Q", format=unit.format)],
    )
    seen = points[points["kind"] != "assumed"]
    guessed = points[points["kind"] == "assumed"]
    tooltip = [
        alt.Tooltip("year:Q", format="d"),
        alt.Tooltip("value:Q", format=unit.format),
        alt.Tooltip("kind:N"),
        alt.Tooltip("source:N"),
    ]
    observed_layer = (
        alt.Chart(seen)
        .mark_point(filled=True, size=70, color=_style.OBSERVED)
        .encode(
            x="year:Q",
            y="value:Q",
            opacity=alt.Opacity("opacity:Q", legend=None, scale=None),
            tooltip=tooltip,
        )
    )
    assumed_layer = (
        alt.Chart(guessed)
        .mark_point(filled=False, shape="diamond", size=110, strokeWidth=2, color=_style.ASSUMED)
        .encode(x="year:Q", y="value:Q", tooltip=tooltip)
    )
    target_layer = (
        alt.Chart(goal)
        .mark_line(strokeDash=[6, 4], strokeWidth=2, color=_style.TARGET)
        .encode(x="year:Q", y="value:Q", tooltip=["label:N"])
    )
    median_end, goal_end = float(bands["median"].iloc[-1]), float(goal["value"].iloc[-1])
    above = -7 if goal_end >= median_end else 7  # keep the two end labels apart
    end_labels = [
        alt.Chart(pd.DataFrame({"year": [float(x)], "value": [v], "text": [t]}))
        .mark_text(align="left", dx=8, dy=dy, fontSize=11, fontWeight="bold", color=colour)
        .encode(x="year:Q", y="value:Q", text="text:N")
        for x, v, t, dy, colour in (
            (bands["year"].iloc[-1], median_end, names[2], -above, _style.PROJECTION),
            (goal["year"].iloc[-1], goal_end, names[5], above, _style.TARGET),
        )
    ]
    deadline = pd.DataFrame(
        {"year": [the_target.deadline], "label": [_deadline_label(the_target, lang)]}
    )
    deadline_rule = (
        alt.Chart(deadline).mark_rule(color=_style.TARGET, strokeWidth=1).encode(x="year:Q")
    )
    deadline_text = (
        alt.Chart(deadline)
        .mark_text(align="right", baseline="top", dx=-4, dy=4, color=_style.TARGET, fontSize=11)
        .encode(x="year:Q", y=alt.value(0), text="label:N")
    )
    chart = alt.layer(
        band90,
        band50,
        median,
        observed_layer,
        assumed_layer,
        target_layer,
        deadline_rule,
        deadline_text,
        *end_labels,
    )
    return chart.properties(
        width=width,
        height=height,
        title=alt.TitleParams(_title(the_target, lang), subtitle=_subtitle(ta, sim, spec, lang)),
    )


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
        data = observed if observed is not None else _bundled(sim.plan)
        if data is not None:
            shown = {r["year"] for r in rows}
            series = data.select(sim.plan).series(ident)
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


def _bundled(plan: Plan) -> Any:
    """The plan's bundled observed data, read once per process (None if it has none)."""
    key = (plan.id, plan.observed_data)
    if key not in _BUNDLED:
        from ipsim.observed import load_observed

        _BUNDLED[key] = load_observed(plan) if plan.observed_data and plan.scope else None
    return _BUNDLED[key]


def _target_line(target: Target, kind: str, years: np.ndarray, q50: np.ndarray) -> pd.DataFrame:
    """The target as a line: the required path of a growth target, else the threshold level."""
    at = {int(y): float(v) for y, v in zip(years, q50, strict=True)}
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
    if spec.baseline.is_assumed:
        notes.append(label("assumed_marker", lang))
    if spec.trend_assumed:
        notes.append(label("trend_marker", lang).split(" (")[0].split("（")[0])
    return [first, _KEY[lang], *(["   ".join(notes)] if notes else [])]


def _deadline_label(target: Target, lang: Lang) -> str:
    return f"期限 {target.deadline}" if lang == "zh" else f"deadline {target.deadline}"
