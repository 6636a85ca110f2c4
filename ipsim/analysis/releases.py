"""How P(met) moved with each release of figures, up to an evaluation date.

For each distinct month in which figures of the plan's indicators (its own scope, not assumed
values) were published, after the scenario's base year and by the evaluation date, P(met) of
every target is recomputed from the figures published by the end of that month
(:meth:`ipsim.observed.ObservedData.published_by`: a row without a ``published`` date counts from
the January after its year, a share's from two years after), partial-year rows turned into
full-year estimates (:func:`ipsim.analysis.partial_year.scenario_as_of`). The "before" of a
release is the state at the release before it (for the first, the month before it). Each state is
one recalibration and one simulation of :data:`RELEASE_DRAWS` draws, fewer than an evaluation's,
so a release table of a few dozen months stays cheap; at 2,000 draws a P(met) near one half has a
Monte Carlo standard error of about 0.011.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ipsim.i18n import Lang, label

if TYPE_CHECKING:
    import pandas as pd

    from ipsim.observed import ObservedData
    from ipsim.scenario import Scenario

RELEASE_DRAWS = 2_000
"""Draws per recomputation of P(met) in the release table (the Monte Carlo standard error of a
P(met) of 0.5 is sqrt(0.25 / 2000) = 0.011)."""


@dataclass(frozen=True)
class Release:
    """One published figure and what it did to the P(met) of one target on its indicator."""

    published: str
    indicator: str
    target: str
    year: int
    month: int
    value: float
    where: str
    p_met_before: float
    p_met: float
    used: bool = True
    why_unused: tuple[str, dict[str, Any]] | None = field(default=None, compare=False)

    def used_text(self, lang: Lang = "en") -> str:
        """Whether the evaluation as of the release uses this figure, and if not, why."""
        if self.why_unused is None:
            return label("evaluate.used", lang)
        return label(self.why_unused[0], lang, **self.why_unused[1])

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """The record of ``ipsim evaluate --format json``'s ``releases`` (NaN as None)."""
        return {
            "published": self.published,
            "indicator": self.indicator,
            "target": self.target,
            "year": self.year,
            "period": "" if self.month == 12 else f"M{self.month:02d}",
            "value": self.value,
            "where": self.where,
            "p_met_before": _or_none(self.p_met_before),
            "p_met": _or_none(self.p_met),
            "used": self.used,
            "used_note": self.used_text(lang),
        }


def _or_none(value: float) -> float | None:
    return None if math.isnan(value) else value


def release_history(
    scenario: Scenario,
    data: ObservedData,
    year: int,
    month: int = 12,
    *,
    seed: int | None = None,
    draws: int = RELEASE_DRAWS,
) -> list[Release]:
    """The releases up to the end of ``month`` of ``year`` and P(met) before and after each.

    Parameters
    ----------
    scenario : Scenario
        The prior scenario (its plan, models and base year).
    data : ObservedData
        Every figure, published or not by then (they are cut by publication month here).
    year, month : int
        The evaluation date.
    seed : int, optional
        Seed of every recomputation (default: the scenario's).
    draws : int
        Draws per recomputation.

    Returns
    -------
    list of Release
        In order of publication, then indicator, target and the figure's line.

    Examples
    --------
    >>> from ipsim.observed import load_observed
    >>> from ipsim.scenario import load_scenario
    >>> # the national figures of 2020 count as published in January 2021 (no published date)
    >>> found = release_history(load_scenario("national-14th"),
    ...                         load_observed("national-ip-2021-2025"), 2021, draws=200, seed=1)
    >>> [(r.published, r.year, r.value, r.p_met_before, r.p_met) for r in found
    ...  if r.target == "ip_protection_satisfaction"]
    [('2021-01', 2020, 80.05, 0.38, 0.49)]
    """
    plan = scenario.load_plan()
    rows = _released_rows(data, plan, scenario.base_year, year * 12 + month - 1)
    if not rows:
        return []
    months = sorted({r["month_index"] for r in rows})
    states = {m: _p_met(scenario, data, m, seed, draws) for m in [months[0] - 1, *months]}
    before = {m: states[p] for p, m in zip([months[0] - 1, *months], months, strict=False)}
    found = []
    picks = {m: _picked(data, plan, m) for m in months}
    for row in rows:
        why = _why_unused(row, *picks[row["month_index"]])
        for target in plan.targets:
            if target.indicator != row["indicator"]:
                continue
            found.append(
                Release(
                    published=_month_text(row["month_index"]),
                    indicator=row["indicator"],
                    target=target.id,
                    year=row["year"],
                    month=row["period_end"],
                    value=row["value"],
                    where=row["where"],
                    p_met_before=before[row["month_index"]].get(target.id, math.nan),
                    p_met=states[row["month_index"]].get(target.id, math.nan),
                    used=why is None,
                    why_unused=why,
                )
            )
    return found


def _picked(data: ObservedData, plan: Any, index: int) -> tuple[pd.DataFrame, set[str]]:
    """The full-year figures the selection rule picks from what was published by the end of
    month ``index``, and the places (``where``) of the partial-year rows turned into estimates."""
    from ipsim.analysis.partial_year import full_year_estimates

    selection = data.published_by(index // 12, index % 12 + 1).select(plan)
    estimated = {f"{e.indicator}|{e.where}" for e in full_year_estimates(selection, plan).values()}
    return selection.values, estimated


def _why_unused(
    row: dict[str, Any], values: pd.DataFrame, estimated: set[str]
) -> tuple[str, dict[str, Any]] | None:
    """None when the evaluation uses ``row`` (picked for its year, or the partial year it
    estimates from); else the label key and values saying why not."""
    same = values[(values["indicator"] == row["indicator"]) & (values["year"] == row["year"])]
    if (same["where"] == row["where"]).any() or f"{row['indicator']}|{row['where']}" in estimated:
        return None
    if not same.empty:
        chosen = same.iloc[0]
        value = _plain(float(chosen["value"]))
        return "evaluate.unused.other", {
            "value": value,
            "line": chosen["line"],
            "year": row["year"],
        }
    if row["lower_bound"]:
        return "evaluate.unused.lower_bound", {}
    if row["partial"]:
        return "evaluate.unused.partial", {}
    return "evaluate.unused.skipped", {}


def _plain(value: float) -> str:
    from ipsim.analysis.partial_year import number_text

    return number_text(value)


def _month_text(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


def _released_rows(
    data: ObservedData, plan: Any, base_year: int, last: int
) -> list[dict[str, Any]]:
    """The plan's own figures released after ``base_year`` and by month ``last``, in the
    plan's units, ordered by release month, indicator and line."""
    from ipsim.observed import UNITS, month_of

    frame = data.frame.assign(month_index=data.release_months())
    mine = frame[
        (frame["scope"] == plan.scope)
        & frame["plan_indicator"].isin(plan.indicator_ids)
        & (frame["confidence"] != "assumed")
        & (frame["month_index"] >= (base_year + 1) * 12)
        & (frame["month_index"] <= last)
    ].sort_values(["month_index", "plan_indicator", "line"], kind="stable")
    rows = []
    for row in mine.itertuples(index=False):
        unit = UNITS.get(plan.indicator(row.plan_indicator).unit_zh)
        factor = row.factor / unit.factor if unit is not None else 1.0
        rows.append(
            {
                "month_index": int(row.month_index),
                "indicator": str(row.plan_indicator),
                "year": int(row.year),
                "period_end": _period_end(row, month_of),
                "value": float(row.value) * factor,
                "where": str(row.where),
                "partial": "partial_year" in str(row.flags).split(",") or bool(row.period),
                "lower_bound": "lower_bound" in str(row.flags).split(","),
            }
        )
    return rows


def _period_end(row: Any, month_of: Any) -> int:
    """The month a row's period runs to: its ``period``, else a month its texts name when it is
    flagged a partial year ("Jan-Nov", "as of end-Mar"), else 12."""
    if row.period or "partial_year" not in str(row.flags).split(","):
        return int(row.period_end)
    return month_of(f"{row.indicator} {row.unit}") or 12


def _p_met(
    scenario: Scenario, data: ObservedData, index: int, seed: int | None, draws: int
) -> dict[str, float]:
    """P(met) of every target from the figures published by the end of month ``index``; empty
    when nothing can be calibrated by then."""
    from ipsim.analysis.partial_year import scenario_as_of
    from ipsim.assess import assess
    from ipsim.errors import ArgumentError, CalibrationError
    from ipsim.simulate import simulate

    year, month = index // 12, index % 12 + 1
    try:
        later, _, _ = scenario_as_of(scenario, year, data.published_by(year, month))
    except (CalibrationError, ArgumentError):
        return {}
    assessment = assess(simulate(later.with_run(draws=draws, seed=seed)))
    return {t.id: float(t.p_met) for t in assessment.targets}
