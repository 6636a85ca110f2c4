"""Assessment of a simulation against the plan's targets.

For every target: P(met) with its 95 % Wilson interval (and the normal standard error, kept for
old readers); its verdict, the likelihood band of P(met), and whether the interval straddles a
band's cut (:func:`ipsim.status.verdict`); the median and the 5 % and 95 % quantiles of the
tested quantity (in the threshold's unit); the growth still required from the last observation;
the Statistics Canada and UNSD statuses side by side, retrospective, on the published figures
of the indicator (:func:`ipsim.status.observed_statuses`), with the years they read or why they
could not be assessed; a finer plain-words rating; the lead agency; and whether the baseline was
observed or assumed. For the plan: P(all targets met) with its Wilson interval and its Fréchet
bounds (what the targets' own P(met) allow under any dependence), P(at least k met) for every k
likewise, the expected number met and its distribution (see :mod:`ipsim.probability`).

A target whose every year read (:func:`ipsim.target_kinds.years_read`) is a published figure
held in every draw (the indicator's observed baseline and its history, as
:func:`ipsim.analysis.calibrate.as_of` sets them) is *decided*: met or missed, P(met) exactly 1 or 0
with standard error 0, its statuses "target achieved" or "target missed", and its
record carries the figures and their source. So is an every-year (or each-year growth) target
that a published year already breaks. A partly published target is simulated only for the
years after its indicator's last published figure.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np

from ipsim import status
from ipsim._outputs import finite, plain
from ipsim._styled import Table, figure_kind, verdict_colours
from ipsim.errors import ArgumentError, LookupArgumentError
from ipsim.i18n import Lang, in_language, label
from ipsim.plan import Target
from ipsim.probability import (
    format_probability,
    frechet_all,
    frechet_at_least,
    wilson_interval,
)
from ipsim.results import Result, caption
from ipsim.scenario import IndicatorSpec
from ipsim.simulate import SimulationResult
from ipsim.target_kinds import (
    effective_kind,
    is_met,
    required_level,
    target_quantity,
    years_read,
)

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler

Decided = Literal["met", "missed"]


@dataclass(frozen=True)
class TargetAssessment:
    """How one target fares in a simulation. Quantities are in the threshold's unit."""

    id: str
    indicator: str
    kind: str
    plan_kind: str
    reading: str | None
    threshold: float | None
    direction: str
    unit: str
    deadline: int
    p_met: float
    p_met_se: float
    median: float
    p05: float
    p95: float
    required_growth: float | None
    required_change_per_year: float | None
    status_statcan: str
    status_unsd: str
    statcan_ratio: float | None
    unsd_ratio: float | None
    rating: str
    lead_agencies: tuple[str, ...]
    lead_agency_en: str
    lead_agency_zh: str
    baseline_year: int
    baseline_value: float | None
    baseline_confidence: str
    fitted: tuple[str, ...]
    """Trend parameters estimated from observed data; empty when the trend is assumed."""
    label_en: str
    label_zh: str
    task: int | None
    project: int | None
    note: str = ""
    """Why something is missing, e.g. "target not published in the sources used"."""
    decided: Decided | None = None
    """``"met"`` or ``"missed"`` when every year the target reads is a published figure, or
    when published figures already break an every-year target (then P(met) is exactly 1 or 0);
    None while it is still open."""
    decided_value: float | None = None
    """The tested quantity computed from the published figures (in the threshold's unit)."""
    decided_figures: Mapping[int, float] = field(default_factory=dict)
    """The published figures read, by year (in the indicator's unit)."""
    decided_source: str | None = None
    """Where the figures were published (the indicator's baseline source)."""
    p_met_interval: tuple[float, float] | None = None
    """The 95 % Wilson interval of P(met) over the draws ((p, p) when decided; None without
    a P(met))."""
    status_years: tuple[int, int] | None = None
    """The first and last published figures the statuses read; None when not assessable."""
    status_reason: str | None = None
    """Why the statuses are not assessable (a ``verdict.status_*`` label key), else None."""
    status_reason_year: int | None = None
    """The year that :attr:`status_reason` names (the base year), if any."""

    @property
    def verdict(self) -> str:
        """The one verdict: the likelihood band of P(met), or ``decided_met``/``decided_missed``
        for a target decided by published figures, or ``not_assessable`` (no P(met))."""
        return status.verdict(self.p_met, self.decided)

    @property
    def verdict_cut(self) -> float | None:
        """The band cut that the 95 % interval of P(met) straddles (the verdict may change with
        the seed), or None."""
        if self.decided is not None or self.p_met_interval is None:
            return None
        return status.straddled_cut(*self.p_met_interval, self.p_met)

    def verdict_text(self, lang: Lang = "en", *, short: bool = False) -> str:
        """The verdict in words, with its thresholds unless ``short``, and "near the 66% cut"
        when the interval straddles one: "about as likely as not (33–66%), near the 66% cut"."""
        key = f"verdict.short.{self.verdict}" if short else f"verdict.{self.verdict}"
        text = label(key, lang)
        cut = self.verdict_cut
        if cut is not None:
            near = label("verdict.near_cut", lang, cut=f"{cut * 100:.0f}%")
            text += label("verdict.separator", lang) + near
        return text

    def status_basis(self) -> str | None:
        """What the statuses were computed on, language-neutral: "observed 2016-2017",
        "published 2020" (decided), or None (not assessable)."""
        if self.status_years is None:
            return None
        kind = "published" if self.decided is not None else "observed"
        return f"{kind} {self._status_span('-')}"

    def _status_span(self, dash: str) -> str:
        """The years the statuses read: "2016-2017", or "2020" when one."""
        assert self.status_years is not None
        first, last = self.status_years
        return str(first) if first == last else f"{first}{dash}{last}"

    def status_note(self, lang: Lang = "en") -> str:
        """The statuses' basis in words ("observed progress 2016–2017"), or why they are not
        assessable ("no published figure after the base year 2016")."""
        if self.status_years is not None:
            if self.decided is not None:
                years = ", ".join(str(y) for y in sorted(self.decided_figures))
                return label("verdict.status_basis_published", lang, years=years)
            return label("verdict.status_basis_observed", lang, years=self._status_span("–"))
        if self.status_reason is None:
            return ""
        if self.status_reason_year is None:
            return label(self.status_reason, lang)
        return label(self.status_reason, lang, year=self.status_reason_year)

    def p_met_text(self, lang: Lang = "en", *, digits: int = 1, draws: int | None = None) -> str:
        """P(met) as a percentage that never claims more than the draws resolve ("< 0.1%"),
        nor reads as the neighbouring band: a P(met) of 0.6551 prints as "65.5%", not "66%",
        beside "about as likely as not"."""
        if self.decided is not None:  # exactly 0 or 1: published figures, not draws
            from ipsim.i18n import format_percent

            return format_percent(self.p_met, digits)
        shown = format_probability(self.p_met, draws, lang, digits=digits)
        while digits < 4 and math.isfinite(self.p_met):
            rounded = round(self.p_met * 100.0, digits) / 100.0
            if status.band(rounded) == status.band(self.p_met) or shown[:1] in "<>":
                break
            digits += 1
            shown = format_probability(self.p_met, draws, lang, digits=digits)
        return shown

    def label(self, lang: Lang = "en") -> str:
        """The target's name in ``lang``, as the plan words it."""
        return in_language(lang, self.label_en, self.label_zh)

    def agency(self, lang: Lang = "en") -> str:
        """The lead agency (or agencies) in ``lang``, as the plan names them."""
        return in_language(lang, self.lead_agency_en, self.lead_agency_zh)

    @property
    def baseline_assumed(self) -> bool:
        return self.baseline_confidence == "assumed"

    @property
    def trend_assumed(self) -> bool:
        """Whether the indicator's trend is an assumption rather than fitted to data."""
        return not self.fitted

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """Return the JSON-ready record (NaN becomes None)."""
        return {
            "id": self.id,
            "indicator": self.indicator,
            "kind": self.kind,
            "plan_kind": self.plan_kind,
            "reading": self.reading,
            "label": self.label(lang),
            "threshold": self.threshold,
            "direction": self.direction,
            "unit": self.unit,
            "deadline": self.deadline,
            "p_met": finite(self.p_met),
            "p_met_se": finite(self.p_met_se),
            "p_met_interval": None
            if self.p_met_interval is None
            else [finite(x) for x in self.p_met_interval],
            "verdict": self.verdict,
            "verdict_label": self.verdict_text(lang),
            "verdict_near_cut": self.verdict_cut is not None,
            "verdict_cut": self.verdict_cut,
            "median": finite(self.median),
            "p05": finite(self.p05),
            "p95": finite(self.p95),
            "required_growth": finite(self.required_growth),
            "required_change_per_year": finite(self.required_change_per_year),
            "status_statcan": self.status_statcan,
            "status_unsd": self.status_unsd,
            "statcan_ratio": finite(self.statcan_ratio),
            "unsd_ratio": finite(self.unsd_ratio),
            "status_basis": self.status_basis(),
            "status_note": self.status_note(lang),
            "rating": self.rating,
            "rating_label": label(self.rating, lang),
            "note": self.note,
            "lead_agency": self.agency(lang),
            "lead_agency_ids": list(self.lead_agencies),
            "baseline_year": self.baseline_year,
            "baseline_value": finite(self.baseline_value),
            "baseline_confidence": self.baseline_confidence,
            "baseline_assumed": self.baseline_assumed,
            "trend_assumed": self.trend_assumed,
            "fitted": list(self.fitted),
            "task": self.task,
            "project": self.project,
            "decided": self.decided,
            "decided_label": None
            if self.decided is None
            else label(f"decided_{self.decided}", lang),
            "decided_value": finite(self.decided_value),
            "decided_figures": {str(y): finite(v) for y, v in self.decided_figures.items()}
            if self.decided is not None
            else None,
            "decided_source": self.decided_source,
        }


@dataclass(frozen=True)
class AtLeast:
    """P(at least ``k`` targets met): the share of draws, its 95 % Wilson interval, and its
    bounds from the targets' own P(met) under any dependence
    (:func:`ipsim.probability.frechet_at_least`)."""

    k: int
    p: float
    interval: tuple[float, float]
    frechet: tuple[float, float]

    def to_dict(self) -> dict[str, Any]:
        return {
            "k": self.k,
            "p": self.p,
            "interval": list(self.interval),
            "frechet": list(self.frechet),
        }


@dataclass(frozen=True, eq=False)
class Assessment(Result):
    """Every target's assessment and the plan's joint outcome. Build it with :func:`assess`.

    ``to_frame()`` has one row per target; ``to_dict()`` is what ``ipsim run --format json``
    prints.
    """

    result: SimulationResult = field(repr=False)
    targets: tuple[TargetAssessment, ...]
    met: np.ndarray = field(repr=False)
    """Whether each draw meets each target, ``(draws, targets)``."""
    p_all_met: float
    p_all_met_se: float
    expected_met: float
    n_met_distribution: tuple[float, ...]
    """P(exactly k targets met) for k = 0 .. number of targets."""
    p_all_met_interval: tuple[float, float] = (0.0, 1.0)
    """The 95 % Wilson interval of P(all met) over the draws."""
    p_all_met_frechet: tuple[float, float] = (0.0, 1.0)
    """The Fréchet bounds of P(all met): what the targets' own P(met) allow, whatever the
    dependence between them (:func:`ipsim.probability.frechet_all`)."""
    p_at_least: tuple[AtLeast, ...] = ()
    """P(at least k targets met) for k = 1 .. number of targets, with intervals and bounds."""

    def target(self, target_id: str) -> TargetAssessment:
        for t in self.targets:
            if t.id == target_id:
                return t
        from ipsim.schema.checker import quote_choices, suggestion

        ids = [t.id for t in self.targets]
        msg = f"no target {target_id!r}; expected one of {quote_choices(ids)}"
        raise LookupArgumentError(msg + suggestion(target_id, ids))

    @property
    def reading(self) -> str:
        return self.result.scenario.reading

    def inputs_frame(self, *targets: str) -> pd.DataFrame:
        """Return each draw's inputs beside whether it meets each target, one row per draw.

        The columns of :attr:`ipsim.simulate.SimulationResult.inputs` (simulate with
        ``keep_inputs=True``), then ``met.<target>`` (bool) for ``targets`` (every target with
        a P(met) when none are named): which draws miss, and under which inputs, without a new
        run.

        Examples
        --------
        >>> from ipsim.scenario import load_scenario
        >>> from ipsim.simulate import simulate
        >>> result = simulate(load_scenario("baseline"), draws=4_000, rng=1, keep_inputs=True)
        >>> frame = assess(result).inputs_frame("invention_apps")
        >>> frame.groupby("met.invention_apps")["growth.invention_apps"].median().round(3).to_dict()
        {False: 0.136, True: 0.214}
        """
        ids = [
            t.id
            for t in self.targets
            if t.indicator in self.result.indicators and t.threshold is not None
        ]
        for target_id in targets:
            if target_id not in ids:
                self.target(target_id)  # raises for an unknown target
                msg = (
                    f"target {target_id!r}: no P(met) (no threshold), so no draw meets or misses it"
                )
                raise ArgumentError(msg)
        frame = self.result.inputs.copy()
        for target_id in targets or tuple(ids):
            frame[f"met.{target_id}"] = self.met[:, ids.index(target_id)]
        return frame

    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[False] = ...) -> pd.DataFrame: ...
    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[True]) -> Styler: ...
    def to_frame(self, lang: Lang = "en", *, styled: bool = False) -> pd.DataFrame | Styler:
        """Return one row per target (long format, JSON field names); with ``styled=True`` the
        board as a notebook shows it (a pandas Styler: labels, units, verdicts in colour).

        Examples
        --------
        >>> from ipsim.scenario import load_scenario
        >>> from ipsim.simulate import simulate
        >>> board = assess(simulate(load_scenario("baseline"), draws=2_000, rng=1))
        >>> frame = board.to_frame()
        >>> len(frame), "p_met" in frame.columns
        (18, True)
        >>> board.to_frame("zh", styled=True).data.shape
        (18, 9)
        """
        import pandas as pd

        if styled:
            return self._styler(lang)
        records = [t.to_dict(lang) for t in self.targets]
        for record in records:  # one cell per field in a table: the figures as text
            figures = record["decided_figures"]
            record["decided_figures"] = (
                None if figures is None else "; ".join(f"{y}: {v:g}" for y, v in figures.items())
            )
        return pd.DataFrame(records)

    def _table(self, lang: Lang) -> Table:
        """The board: target, P(met), verdict in its colour, the projected figures and the
        target in the target's unit, the lead agency."""
        import pandas as pd

        plan = self.result.plan
        kinds = [figure_kind(t.unit, t.threshold or 0.0) for t in self.targets]
        units = [
            label("styled.unit_percent", lang)
            if kind == "percent"
            else ""
            if kind == "money"
            else plan.indicator(t.indicator).unit(lang)
            for t, kind in zip(self.targets, kinds, strict=True)
        ]
        col = {k: label(f"workbook.col_{k}", lang) for k in _BOARD_COLUMNS}
        frame = pd.DataFrame(
            {
                col["target"]: [t.label(lang) for t in self.targets],
                col["p_met"]: [t.p_met for t in self.targets],
                col["verdict"]: [label(f"verdict.short.{t.verdict}", lang) for t in self.targets],
                col["median"]: [t.median for t in self.targets],
                col["p05"]: [t.p05 for t in self.targets],
                col["p95"]: [t.p95 for t in self.targets],
                col["threshold"]: [t.threshold for t in self.targets],
                col["unit"]: units,
                col["agency"]: [t.agency(lang) for t in self.targets],
            }
        )
        figures = {col[k]: kinds for k in ("median", "p05", "p95", "threshold")}
        return Table(
            frame,
            kinds={col["p_met"]: "percent", **figures},
            colours={col["verdict"]: verdict_colours([t.verdict for t in self.targets])},
        )

    def _caption(self, lang: Lang) -> str:
        what = label("styled.what_assessment", lang)
        scenario = self.result.scenario.title(lang) or self.result.scenario.name
        return caption(what, lang, scenario=scenario, draws=self.result.draws)

    def _summary(self) -> str:
        p_all = format_probability(self.p_all_met, self.result.draws)
        return (
            f"{self.result.scenario.name}: P(all met) = {p_all}, expected targets met = "
            f"{self.expected_met:.1f} of "
            f"{len(self.targets)} (growth targets read as {self.reading})"
        )

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        """Return the JSON document printed by ``ipsim run --format json``.

        Examples
        --------
        >>> from ipsim.scenario import load_scenario
        >>> from ipsim.simulate import simulate
        >>> doc = assess(simulate(load_scenario("baseline"), draws=500, rng=1)).to_dict()
        >>> doc["scenario"]["seed"], len(doc["targets"]), sorted(doc["plan"])  # doctest: +NORMALIZE_WHITESPACE
        (1, 18, ['expected_met', 'n_met_distribution', 'p_all_met', 'p_all_met_frechet',
                 'p_all_met_interval', 'p_all_met_se', 'p_at_least'])
        """
        from ipsim._version import __version__
        from ipsim.scenario import to_dict as scenario_to_dict

        scenario = self.result.scenario
        document = {
            "ipsim_version": __version__,
            "scenario": {
                "name": scenario.name,
                "sha256": scenario.sha256,
                "seed": scenario.seed
                if self.result.seed_entropy is None
                else self.result.seed_entropy,
                "draws": self.result.draws,
                "reading": scenario.reading,
                "target_readings": dict(scenario.target_readings),
                "plan": scenario.plan,
                # what P(all met) assumes of the dependence between trends (None: independent)
                "dependence": scenario_to_dict(scenario).get("dependence"),
                # set when the scenario is another with inputs moved (e.g. in the explorer)
                "modified": None
                if scenario.modified is None
                else {
                    "original": scenario.modified.original,
                    "original_sha256": scenario.modified.original_sha256,
                    "changes": [
                        {"input": c.input, "from": c.before, "to": c.after}
                        for c in scenario.modified.changes
                    ],
                },
            },
            "targets": [t.to_dict(lang) for t in self.targets],
            "plan": {
                "p_all_met": self.p_all_met,
                "p_all_met_se": self.p_all_met_se,
                "p_all_met_interval": list(self.p_all_met_interval),
                "p_all_met_frechet": list(self.p_all_met_frechet),
                "p_at_least": [a.to_dict() for a in self.p_at_least],
                "expected_met": self.expected_met,
                "n_met_distribution": list(self.n_met_distribution),
            },
        }
        return dict(plain(document))


_BOARD_COLUMNS = (
    "target",
    "p_met",
    "verdict",
    "median",
    "p05",
    "p95",
    "threshold",
    "unit",
    "agency",
)


def assess(result: SimulationResult) -> Assessment:
    """Assess every target of the plan in ``result``.

    Parameters
    ----------
    result : SimulationResult
        From :func:`ipsim.simulate`.

    Returns
    -------
    Assessment

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> from ipsim.simulate import simulate
    >>> board = assess(simulate(load_scenario("baseline"), draws=2_000, rng=1))
    >>> t = board.target("invention_apps")
    >>> 0.0 <= t.p_met <= 1.0, t.unit, t.verdict == status.band(t.p_met)
    (True, 'fraction/yr', True)
    """
    if not isinstance(result, SimulationResult):
        msg = f"result: expected an ipsim SimulationResult (see simulate), got {type(result).__name__}"
        raise ArgumentError(msg)
    scenario = result.scenario
    rows = []
    met_columns = []
    for target in result.plan.targets:
        if target.indicator not in scenario.indicators:
            reason = scenario.unmodelled.get(target.indicator)
            rows.append(_not_simulated(target, result.plan, reason))
        elif target.indicator in result.indicators:
            row, met = _assess_target(result, target)
            rows.append(row)
            if met is not None:
                met_columns.append(met)
    draws = result.draws
    met_all = np.column_stack(met_columns) if met_columns else np.zeros((draws, 0), dtype=bool)
    return Assessment(result=result, targets=tuple(rows), met=met_all, **_joint(met_all))


def _joint(met: np.ndarray) -> dict[str, Any]:
    """The plan's joint outcome from ``met`` (draws x targets): P(all met), P(at least k met)
    for every k, each with its Wilson interval and its Fréchet bounds, and the count's law."""
    draws, n = met.shape
    count = met.sum(axis=1)
    distribution = np.bincount(count, minlength=n + 1) / draws
    marginals = [float(x) for x in met.mean(axis=0)]
    # draws with at least k met, k = 0 .. n: the tail sums of the count's distribution
    at_least = np.bincount(count, minlength=n + 1)[::-1].cumsum()[::-1]
    all_met = int(at_least[n])
    p_all = all_met / draws
    return {
        "p_all_met": p_all,
        "p_all_met_se": math.sqrt(p_all * (1.0 - p_all) / draws),
        "p_all_met_interval": wilson_interval(all_met, draws),
        "p_all_met_frechet": frechet_all(marginals),
        "p_at_least": tuple(
            AtLeast(
                k=k,
                p=int(at_least[k]) / draws,
                interval=wilson_interval(int(at_least[k]), draws),
                frechet=frechet_at_least(marginals, k),
            )
            for k in range(1, n + 1)
        ),
        "expected_met": float(count.mean()),
        "n_met_distribution": tuple(float(x) for x in distribution),
    }


def _assess_target(
    result: SimulationResult, target: Target
) -> tuple[TargetAssessment, np.ndarray | None]:
    """One simulated target's assessment, and whether each draw meets it (None: no threshold)."""
    scenario, years = result.scenario, result.years
    indicator = result.plan.indicator(target.indicator)
    spec = scenario.indicators[target.indicator]
    path = result.path(target.indicator)
    reading = scenario.reading_of(target.id) if target.is_growth else None
    at_baseline = _median(path[:, years.tolist().index(spec.baseline.year)])
    if target.threshold is None:
        # no published threshold: no P(met), a trend status on published figures, the projection
        quantity = _trend_quantity(target, path, years)
        statuses = {
            "required_growth": None,
            "required_change_per_year": None,
            **_observed(target, spec, indicator.kind, None),
        }
        return _row(result, target, quantity, math.nan, statuses, {}, at_baseline), None
    quantity = target_quantity(target, path, years, indicator, reading=reading)
    met = is_met(target, quantity)
    read = years_read(target, indicator, reading=reading)
    figures = published_figures(spec, read)
    early = None if figures is not None else _missed_early(target, spec, read, reading)
    decision: dict[str, Any] = {}
    if figures is not None and float(np.ptp(quantity)) == 0.0:
        decision = _decision(target, spec, figures, float(quantity[0]), bool(met[0]))
    elif early is not None and not met.any():
        decision = _decision(target, spec, early[0], early[1], False)
    if decision:
        statuses = decision.pop("statuses")
    else:
        baseline_year = spec.baseline.year
        statuses = {
            **_required(target, path, years, baseline_year, at_baseline),
            **_observed(target, spec, indicator.kind, reading),
        }
    return _row(result, target, quantity, float(met.mean()), statuses, decision, at_baseline), met


def _row(
    result: SimulationResult,
    target: Target,
    quantity: np.ndarray,
    p: float,
    statuses: dict[str, Any],
    decision: dict[str, Any],
    at_baseline: float,
) -> TargetAssessment:
    """The record of a simulated target: P(met), quantiles, statuses and where it comes from
    (``at_baseline``: the median of its draws in the baseline year)."""
    plan = result.plan
    spec = result.scenario.indicators[target.indicator]
    reading = result.scenario.reading_of(target.id) if target.is_growth else None
    p05, median, p95 = (float(v) for v in np.quantile(quantity, [0.05, 0.5, 0.95]))
    agencies = target.lead_agencies
    project = plan.project_of(target)
    rating = decision.pop("rating", None) or (
        status.rating(p) if math.isfinite(p) else "not_assessable"
    )
    return TargetAssessment(
        id=target.id,
        indicator=target.indicator,
        kind=effective_kind(target, reading),
        plan_kind=target.kind,
        reading=reading,
        threshold=target.threshold,
        direction=target.direction,
        unit=target.threshold_unit(plan.indicator(target.indicator)),
        deadline=target.deadline,
        p_met=p,
        p_met_se=math.sqrt(p * (1.0 - p) / result.draws) if math.isfinite(p) else math.nan,
        p_met_interval=_interval(p, result.draws, decided=bool(decision)),
        median=median,
        p05=p05,
        p95=p95,
        **statuses,
        rating=rating,
        note=target.threshold_note or "",
        lead_agencies=agencies,
        lead_agency_en=plan.agency_labels(agencies, "en"),
        lead_agency_zh=plan.agency_labels(agencies, "zh"),
        baseline_year=spec.baseline.year,
        baseline_value=None if spec.baseline.value is None else at_baseline,
        baseline_confidence=spec.baseline.confidence,
        fitted=spec.fitted,
        label_en=target.label_en,
        label_zh=target.label_zh,
        task=target.task,
        project=None if project is None else project.number,
        **decision,
    )


def _interval(p: float, draws: int, *, decided: bool) -> tuple[float, float] | None:
    """The 95 % Wilson interval of a P(met) estimated from ``draws``; exact when decided."""
    if not math.isfinite(p):
        return None
    if decided:
        return p, p
    return wilson_interval(round(p * draws), draws)


def _observed(
    target: Target, spec: IndicatorSpec, indicator_kind: str, reading: str | None
) -> dict[str, Any]:
    """The statuses of an open target on its indicator's published figures (retrospective)."""
    found = status.observed_statuses(
        target, effective_kind(target, reading), _known_figures(spec), indicator_kind
    )
    return {
        "status_statcan": found.statcan,
        "status_unsd": found.unsd,
        "statcan_ratio": found.statcan_ratio,
        "unsd_ratio": found.unsd_ratio,
        "status_years": found.years,
        "status_reason": found.reason,
        "status_reason_year": found.reason_year,
    }


def _known_figures(spec: IndicatorSpec) -> dict[int, float]:
    """The published figures held in every draw: the observed baseline (a number) and its history."""
    baseline = spec.baseline
    known = {int(y): float(v) for y, v in baseline.history.items()}
    if not baseline.is_assumed and isinstance(baseline.value, int | float):
        known[baseline.year] = float(baseline.value)
    return known


def published_figures(spec: IndicatorSpec, years: tuple[int, ...]) -> dict[int, float] | None:
    """The published figures of ``years`` held in every draw, or None if one is not published."""
    known = _known_figures(spec)
    if not all(y in known for y in years):
        return None
    return {y: known[y] for y in years}


def _missed_early(
    target: Target, spec: IndicatorSpec, years: tuple[int, ...], reading: str | None
) -> tuple[dict[int, float], float] | None:
    """Published figures that already break an every-year or each-year-growth target.

    Such a target is missed whatever the years still to come bring: one year below the floor
    (or one year's growth below the rate) is enough. Returns the figures and the failing
    quantity, or None.
    """
    kind = effective_kind(target, reading)
    if kind not in ("every_year", "yoy_each_year"):
        return None
    known = _known_figures(spec)
    for year in years:
        if kind == "every_year" and year in known:
            figures, value = {year: known[year]}, known[year]
        elif kind == "yoy_each_year" and year - 1 in years and {year - 1, year} <= set(known):
            if known[year - 1] <= 0:
                continue
            figures = {year - 1: known[year - 1], year: known[year]}
            value = known[year] / known[year - 1] - 1.0
        else:
            continue
        if not bool(is_met(target, np.array([value]))[0]):
            return figures, value
    return None


def _decision(
    target: Target, spec: IndicatorSpec, figures: dict[int, float], value: float, met: bool
) -> dict[str, Any]:
    """The fields of a target decided by published figures (its statuses and rating included)."""
    verdict = "target_achieved" if met else "target_missed"
    return {
        "decided": "met" if met else "missed",
        "decided_value": value,
        "decided_figures": figures,
        "decided_source": spec.baseline.source,
        "rating": f"decided_{'met' if met else 'missed'}",
        "statuses": {
            "required_growth": None,
            "required_change_per_year": None,
            "status_statcan": verdict,
            "status_unsd": verdict,
            "statcan_ratio": None,
            "unsd_ratio": None,
            "status_years": (min(figures), max(figures)),
        },
    }


def _not_simulated(target: Target, plan: Any, reason: str | None) -> TargetAssessment:
    """A target whose indicator the scenario leaves out (no baseline in the sources used)."""
    indicator = plan.indicator(target.indicator)
    project = plan.project_of(target)
    nan = math.nan
    return TargetAssessment(
        id=target.id,
        indicator=target.indicator,
        kind=target.kind,
        plan_kind=target.kind,
        reading=None,
        threshold=target.threshold,
        direction=target.direction,
        unit=target.threshold_unit(indicator),
        deadline=target.deadline,
        p_met=nan,
        p_met_se=nan,
        median=nan,
        p05=nan,
        p95=nan,
        required_growth=None,
        required_change_per_year=None,
        status_statcan="not_assessable",
        status_unsd="not_assessable",
        statcan_ratio=None,
        unsd_ratio=None,
        status_reason="verdict.status_not_simulated",
        rating="not_assessable",
        lead_agencies=target.lead_agencies,
        lead_agency_en=plan.agency_labels(target.lead_agencies, "en"),
        lead_agency_zh=plan.agency_labels(target.lead_agencies, "zh"),
        baseline_year=plan.base_year,
        baseline_value=None,
        baseline_confidence="assumed",
        fitted=(),
        label_en=target.label_en,
        label_zh=target.label_zh,
        task=target.task,
        project=None if project is None else project.number,
        note=f"not simulated: {reason or 'the scenario does not model this indicator'}",
    )


def _trend_quantity(target: Target, path: np.ndarray, years: np.ndarray) -> np.ndarray:
    """What is projected for a target without a threshold: the level at the deadline."""
    return path[:, list(years).index(target.deadline)]


def _median(column: np.ndarray) -> float:
    """The median of one year's draws; a value the same in every draw (a published baseline)
    is taken as it is, without the sort a median needs."""
    first = column[0]
    if (column == first).all():
        return float(first)
    return float(np.median(column))


def _required(
    target: Target, path: np.ndarray, years: np.ndarray, baseline_year: int, last: float
) -> dict[str, Any]:
    """The growth (and the change a year) still required from the scenario's baseline year
    (``last``: the median of the draws then)."""
    assert target.threshold is not None  # targets without one have nothing to require
    column = {int(y): i for i, y in enumerate(years)}
    if target.kind == "cumulative" and target.basis == "additions":
        # progress from zero: compound growth is undefined, a pace of additions is required
        first, end = target.window or (target.deadline, target.deadline)
        return {
            "required_growth": None,
            "required_change_per_year": target.threshold / (end - first + 1),
        }
    if target.is_growth:
        start = _median(path[:, column[target.base_year]])
        required = required_level(target, start)
    else:
        required = target.threshold
    # an every_year target must be reached by the first year of its window
    reach_by = (
        target.window[0] if target.kind == "every_year" and target.window else target.deadline
    )
    years_left = reach_by - baseline_year
    return {
        "required_growth": status.cagr(last, required, years_left) if last > 0 else math.nan,
        "required_change_per_year": (required - last) / years_left if years_left > 0 else math.nan,
    }
