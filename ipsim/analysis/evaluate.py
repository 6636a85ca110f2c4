"""The mid-term evaluation (中期评估) of a plan, as Chinese planning practice reports it.

Halfway through a Five-Year Plan, China's planners report each indicator as 提前实现 (achieved
early), 快于预期 (ahead of schedule), 基本符合预期 (broadly on schedule) or 滞后 (behind
schedule) by comparing how far it has moved towards its target with how much of the plan period
has passed: "时间过半、任务过半" (half the time, half the tasks). They list binding (约束性) and
indicative (预期性) indicators separately, and the 12th FYP's evaluation also forecast how many
indicators would finally be met (the National Development and Reform Commission's mid-term
evaluation of the 12th FYP, reported to the NPC Standing Committee in December 2013). The report states
no numeric tolerance: comparing the progress share with the elapsed-time share is the common
reading of "时间过半、任务过半", and the tolerance is :data:`PROGRESS_MARGIN`, a named parameter.

:func:`evaluate` does this for every target of a scenario's plan, as of a date, from the figures
published by then, and adds what the reports cannot: P(met) for the years that remain (the
scenario recalibrated as of that year, :func:`ipsim.analysis.calibrate.as_of`, then
:func:`ipsim.assess.assess`) and the expected number met.

This year's figures count too: an evaluation as of ``2023-06`` uses the rows published by the end
of June 2023 (:meth:`ipsim.observed.ObservedData.published_by`), a partial-year row (its
``period``, "2023年1-6月") stands for the full year by a seasonal share or, for a level, as it is
with a wider spread (:mod:`ipsim.analysis.partial_year`), and the evaluation lists how P(met)
moved with each release up to the date (:mod:`ipsim.analysis.releases`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from ipsim._styled import CLASS_COLOURS, Table, figure_kind, verdict_colours
from ipsim.errors import ArgumentError
from ipsim.i18n import label
from ipsim.results import Result, caption

if TYPE_CHECKING:
    import pandas as pd
    from pandas.io.formats.style import Styler

    from ipsim.analysis.partial_year import FigureUnit, YearEstimate
    from ipsim.analysis.releases import Release
    from ipsim.assess import Assessment
    from ipsim.observed import ObservedData
    from ipsim.plan import Plan, Target
    from ipsim.scenario import Scenario

Lang = Literal["en", "zh"]

PROGRESS_MARGIN = 0.05
"""Tolerance of "broadly on schedule", as a share of the whole task: a progress share within
this distance of the elapsed-time share is 基本符合预期. The evaluation reports state no number;
0.05 (a quarter of a year in a five-year plan) is ipsim's choice, a parameter of :func:`evaluate`."""

CLASSES: tuple[str, ...] = ("achieved_early", "ahead", "on_schedule", "behind", "not_assessable")
"""The classes, in the order the reports list them (label keys ``evaluate.class.<name>``)."""

ATTRIBUTES: tuple[str, ...] = ("binding", "indicative", "not_stated")
"""A target's attribute as the plan file states it, or ``not_stated``."""

GROWTH_SCALE_KINDS: tuple[str, ...] = ("cagr", "yoy_each_year")
LEVEL_SCALE_KINDS: tuple[str, ...] = ("level", "share", "cumulative")
"""Kinds whose progress is read on the level (cumulative: only stock-based ones)."""


@dataclass(frozen=True)
class AsOf:
    """An evaluation date: a year, and the month by whose end it is taken (12: the year's end)."""

    year: int
    month: int = 12

    @property
    def time(self) -> float:
        """The date in years: the end of ``year`` is ``year``, the end of June ``year - 0.5``."""
        return self.year - 1 + self.month / 12

    def __str__(self) -> str:
        return str(self.year) if self.month == 12 else f"{self.year}-{self.month:02d}"

    def text(self, lang: Lang = "en") -> str:
        """The date for a reader: ``2023``/``2023年``, ``2023-06``/``2023年6月``."""
        if self.month == 12:
            return label("evaluate.date_year", lang, year=self.year)
        return label("evaluate.date_month", lang, year=self.year, month=self.month)


def parse_as_of(value: int | str | AsOf) -> AsOf:
    """Read an evaluation date: a year (``2023``, ``"2023"``) or a month (``"2023-06"``).

    Raises
    ------
    ArgumentError
        For anything else.

    Examples
    --------
    >>> parse_as_of("2023-06"), parse_as_of(2023).time
    (AsOf(year=2023, month=6), 2023.0)
    >>> parse_as_of("mid-2023")
    Traceback (most recent call last):
    ...
    ipsim.errors.ArgumentError: as_of: expected a year (2023) or a year and month (2023-06), got 'mid-2023'
    """
    if isinstance(value, AsOf):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    found = (
        re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", value.strip()) if isinstance(value, str) else None
    )
    month = int(found.group(2) or 12) if found else 0
    if found is None or not 1 <= month <= 12:
        msg = f"as_of: expected a year (2023) or a year and month (2023-06), got {value!r}"
        raise ArgumentError(msg)
    return AsOf(int(found.group(1)), month)


def classify(progress: float, elapsed: float, *, margin: float = PROGRESS_MARGIN) -> str:
    """The class of a target not yet achieved: ahead, on schedule or behind.

    ``ahead`` if ``progress >= elapsed + margin``, ``behind`` if ``progress < elapsed - margin``,
    ``on_schedule`` in between (achieved-early is decided first, on the figures).

    Examples
    --------
    >>> classify(0.65, 0.6), classify(0.6499, 0.6), classify(0.55, 0.6), classify(0.5499, 0.6)
    ('ahead', 'on_schedule', 'on_schedule', 'behind')
    """
    if progress >= elapsed + margin - 1e-12:
        return "ahead"
    if progress < elapsed - margin - 1e-12:
        return "behind"
    return "on_schedule"


def progress_share(target: Target, base: float, latest: float) -> float | None:
    """How far ``latest`` has moved from ``base`` towards the target, as a share of the way.

    Levels: ``(latest - base) / (target - base)``. Growth targets on the compounding scale:
    ``log(latest / base) / log(required end / base)``, the required end being
    ``base * (1 + rate) ** (deadline - base_year)``. None where it is not defined.

    Examples
    --------
    >>> from ipsim.plan import load_plan
    >>> plan = load_plan("guangzhou-ip-2017-2020")
    >>> round(progress_share(plan.target("invention_apps"), 31892.0, 36941.0), 3)
    0.222
    """
    goal = goal_level(target, base)
    if goal is None:
        return None
    if target.kind in GROWTH_SCALE_KINDS:
        if base <= 0 or latest <= 0:
            return None
        return math.log(latest / base) / math.log(goal / base)
    return None if goal == base else (latest - base) / (goal - base)


def goal_level(target: Target, base: float | None) -> float | None:
    """The level the target asks for by its deadline (growth: the compounded base, None
    without a base)."""
    if target.threshold is None:
        return None
    if target.kind in GROWTH_SCALE_KINDS:
        if base is None:
            return None
        return base * (1 + target.threshold) ** (target.deadline - target.base_year)
    return target.threshold


@dataclass(frozen=True)
class TargetEvaluation:
    """One target's line of the evaluation."""

    target: Target
    attribute: str
    lead_en: str
    lead_zh: str
    unit_en: str
    unit_zh: str
    base_value: float | None
    latest_year: int | None
    latest_value: float | None
    goal: float | None
    progress: float | None
    elapsed: float
    cls: str
    reason: tuple[str, dict[str, Any]] | None
    p_met: float
    verdict: str | None
    verdict_en: str | None
    verdict_zh: str | None
    estimate: YearEstimate | None = None
    indicator_kind: str = "level"

    def unit(self, lang: Lang = "en") -> FigureUnit:
        """The unit this target's figures read in (亿元/万元 or CNY billion/million for money,
        percent for shares, else the indicator's)."""
        from ipsim.analysis.partial_year import figure_unit

        found = (self.goal, self.base_value, self.latest_value)
        sizes = [abs(v) for v in found if v is not None and math.isfinite(v)]
        unit = self.unit_zh if lang == "zh" else self.unit_en
        return figure_unit(self.unit_en, self.indicator_kind, max(sizes, default=0.0), lang, unit)

    def figure(self, value: float | None, lang: Lang = "en") -> str:
        """A figure of this target in :meth:`unit`, without the unit."""
        return self.unit(lang).text(value)

    def latest_text(self, lang: Lang = "en") -> str:
        """The latest figure in :meth:`unit`, marked when it is a full-year estimate."""
        found = self.latest_estimate
        if found is None:
            return self.figure(self.latest_value, lang)
        return found.marked(lang, self.unit(lang))

    @property
    def latest_estimate(self) -> YearEstimate | None:
        """The partial-year estimate the latest figure is, if it is one."""
        found = self.estimate
        return found if found is not None and found.year == self.latest_year else None

    def latest_period(self, lang: Lang = "en") -> str:
        """The period of the latest figure: ``2023``, or ``Jan-Jun 2023`` when it is an estimate
        from a partial year ("" without a figure)."""
        from ipsim.analysis.partial_year import period_text

        if self.latest_year is None:
            return ""
        found = self.latest_estimate
        if found is None:
            return period_text(self.latest_year, 12, lang)
        if found.share is None:  # a level, published at its month's end
            return found.period(lang)
        return label("evaluate.period_estimate", lang, year=found.year, period=found.period(lang))

    def latest_basis(self, lang: Lang = "en") -> str:
        """How the latest figure was read from a partial year ("" for a full-year figure)."""
        found = self.latest_estimate
        return "" if found is None else found.describe(lang, self.unit(lang))

    def note(self, lang: Lang = "en") -> str:
        """Why the target is not assessable, or that its class rests on a calendar-share
        estimate (empty otherwise)."""
        found = self.latest_estimate
        if self.reason is None:
            if found is None or not found.on_calendar:
                return ""
            return label("evaluate.reason.calendar", lang, period=found.period(lang))
        values = {k: _reason_value(k, v, lang) for k, v in self.reason[1].items()}
        return label(self.reason[0], lang, **values)

    def class_text(self, lang: Lang = "en") -> str:
        """The class in words, with the reason when it is not assessable."""
        cls = label(f"evaluate.class.{self.cls}", lang)
        note = self.note(lang)
        return label("evaluate.with_note", lang, cls=cls, note=note) if note else cls

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        t = self.target
        return {
            "id": t.id,
            "label": t.label(lang),
            "attribute": self.attribute,
            "lead_agency": self.lead_zh if lang == "zh" else self.lead_en,
            "unit": self.unit_zh if lang == "zh" else self.unit_en,
            "kind": t.kind,
            "base_year": t.base_year,
            "base_value": self.base_value,
            "latest_year": self.latest_year,
            "latest_value": self.latest_value,
            "latest_period": self.latest_period(lang) or None,
            "estimate": None
            if self.latest_estimate is None
            else self.latest_estimate.to_dict(lang),
            "latest_is_estimate": self.latest_estimate is not None,
            "latest_text": self.latest_text(lang) if self.latest_year is not None else None,
            "display_unit": self.unit(lang).unit,
            "target": t.threshold,
            "goal_level": self.goal,
            "deadline": t.deadline,
            "progress_share": self.progress,
            "elapsed_share": self.elapsed,
            "class": self.cls,
            "class_label": label(f"evaluate.class.{self.cls}", lang),
            "note": self.note(lang) or None,
            "p_met": None if math.isnan(self.p_met) else self.p_met,
            "verdict": self.verdict,
        }


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def _moved(release: Release, p_met: float) -> float | None:
    """P(met) at a release, None for an alternative figure the selection rule did not pick
    (the move came from the picked one)."""
    why = release.why_unused
    return None if why is not None and why[0] == "evaluate.unused.other" else _rounded(p_met)


def _rounded(share: float | None) -> float | None:
    """A share to four decimals (0.5167, shown 51.67%), free of float noise."""
    return None if share is None else round(share, 4)


def _reason_value(key: str, value: Any, lang: Lang) -> Any:
    """A value of a reason for a reader: a date in words, a target kind by its label."""
    if isinstance(value, AsOf):
        return value.text(lang)
    return label(value, lang) if key == "kind" else value


class EvaluationResult(Result):
    """A plan's mid-term evaluation: one line per target, the totals and the rule.

    Build it with :func:`evaluate`.
    """

    def __init__(
        self,
        plan: Plan,
        scenario: str,
        as_of: AsOf,
        margin: float,
        rows: list[TargetEvaluation],
        releases: tuple[Release, ...] = (),
        release_draws: int = 0,
        scenario_titles: tuple[str, str] = ("", ""),
    ) -> None:
        self.plan = plan
        self.scenario = scenario
        self.scenario_titles = scenario_titles
        """The scenario's title in English and Chinese (its name where it has none)."""
        self.as_of = as_of
        self.margin = margin
        self.rows = rows
        self.releases = releases
        self.release_draws = release_draws
        self.title = self.heading("en")

    def heading(self, lang: Lang = "en") -> str:
        """The title: the plan and the evaluation date."""
        return label(
            "evaluate.title", lang, plan=self.plan.title(lang), as_of=self.as_of.text(lang)
        )

    def totals(self) -> dict[str, int]:
        """The number of targets in each class."""
        return {c: sum(r.cls == c for r in self.rows) for c in CLASSES}

    def totals_by_attribute(self) -> dict[str, dict[str, int]]:
        """The number of targets in each class, for each attribute present."""
        present = [a for a in ATTRIBUTES if any(r.attribute == a for r in self.rows)]
        return {
            a: {c: sum(r.cls == c and r.attribute == a for r in self.rows) for c in CLASSES}
            for a in present
        }

    def expected_met(self) -> tuple[float, int]:
        """The expected number of targets met (the sum of P(met)) and how many have a P(met)."""
        known = [r.p_met for r in self.rows if not math.isnan(r.p_met)]
        return float(sum(known)), len(known)

    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[False] = ...) -> pd.DataFrame: ...
    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[True]) -> Styler: ...
    def to_frame(self, lang: Lang = "en", *, styled: bool = False) -> pd.DataFrame | Styler:
        """One row per target, display-ready: labels, classes and shares in ``lang``; with
        ``styled=True`` the table a notebook shows (figures in their unit, shares in percent,
        the class and the verdict in the board's colours)."""
        import pandas as pd

        if styled:
            return self._styler(lang)

        def col(key: str) -> str:
            return label(f"evaluate.col.{key}", lang)

        rows = []
        for r in self.rows:
            rows.append(
                {
                    col("target"): r.target.label(lang),
                    col("attribute"): label(f"evaluate.attribute.{r.attribute}", lang),
                    col("lead"): r.lead_zh if lang == "zh" else r.lead_en,
                    col("unit"): r.unit_zh if lang == "zh" else r.unit_en,
                    col("base_year"): r.target.base_year,
                    col("base_value"): r.base_value,
                    col("latest_year"): r.latest_year,
                    col("latest_period"): r.latest_period(lang),
                    col("latest_value"): r.latest_value,
                    col("latest_basis"): r.latest_basis(lang),
                    col("goal"): None if r.goal is None else float(f"{r.goal:.6g}"),
                    col("deadline"): r.target.deadline,
                    col("progress"): _rounded(r.progress),
                    col("elapsed"): _rounded(r.elapsed),
                    col("class"): label(f"evaluate.class.{r.cls}", lang),
                    col("note"): r.note(lang),
                    col("p_met"): _rounded(r.p_met),
                    col("verdict"): (r.verdict_zh if lang == "zh" else r.verdict_en) or "",
                }
            )
        frame = pd.DataFrame(rows)
        return frame.astype({col("latest_year"): "Int64"}) if rows else frame

    def _table(self, lang: Lang) -> Table:
        """The evaluation as a notebook shows it: each figure in its target's unit, progress and
        time elapsed in percent, the class and the verdict in the board's colours."""

        def col(key: str) -> str:
            return label(f"evaluate.col.{key}", lang)

        frame = self.to_frame(lang)
        figures = [figure_kind(r.unit_en, r.goal or 0.0) for r in self.rows]
        units = zip(figures, frame[col("unit")], strict=True)
        frame[col("unit")] = ["" if kind == "money" else unit for kind, unit in units]
        kinds: dict[str, Any] = {}
        for key in ("base_value", "latest_value", "goal"):
            cells = self._styled_figures(
                frame[col(key)], figures, lang, latest=key == "latest_value"
            )
            frame[col(key)], kinds[col(key)] = cells
        kinds |= {col(k): "year" for k in ("base_year", "deadline")}
        kinds |= {col(k): "percent" for k in ("progress", "elapsed", "p_met")}
        colours = {
            col("class"): verdict_colours([r.cls for r in self.rows], CLASS_COLOURS),
            col("verdict"): verdict_colours([r.verdict for r in self.rows]),
        }
        shown = [col(k) for k in _STYLED_COLUMNS if col(k) in frame.columns]
        return Table(frame[shown], kinds=kinds, colours=colours)

    def _styled_figures(
        self, values: Any, figures: list[str], lang: Lang, *, latest: bool = False
    ) -> tuple[list[Any], list[str]]:
        """A figure column for the styled table: a figure below 1,000 with decimals as published
        (848.5, not 848) and a full-year estimate marked as one, both as text."""
        from ipsim.analysis.partial_year import number_text

        cells: list[Any] = []
        kinds: list[str] = []
        for value, kind, row in zip(values, figures, self.rows, strict=True):
            if latest and row.latest_estimate is not None:
                cells.append(row.latest_text(lang))
                kinds.append("text")
            elif kind in ("count", "number") and _finite(value) and not float(value).is_integer():
                cells.append(number_text(float(value)))
                kinds.append("text")
            else:
                cells.append(value)
                kinds.append(kind)
        return cells, kinds

    def _caption(self, lang: Lang) -> str:
        title = self.scenario_titles[lang == "zh"] or self.scenario
        return caption(self.heading(lang), lang, scenario=title)

    def to_dict(self, lang: Lang = "en") -> dict[str, Any]:
        expected, n = self.expected_met()
        return {
            "plan": self.plan.id,
            "scenario": self.scenario,
            "as_of": str(self.as_of),
            "margin": self.margin,
            "rule": self.rule_text(lang),
            "targets": [r.to_dict(lang) for r in self.rows],
            "totals": self.totals(),
            "totals_by_attribute": self.totals_by_attribute(),
            "expected_met": expected,
            "with_p_met": n,
            "release_draws": self.release_draws,
            "releases": [r.to_dict(lang) for r in self.releases],
        }

    def releases_title(self, lang: Lang = "en") -> str:
        """The heading of the release table, with the draws each P(met) took."""
        return label("evaluate.releases_title", lang, draws=self.release_draws)

    def releases_frame(self, lang: Lang = "en") -> pd.DataFrame:
        """How P(met) moved with each release: one row per figure and target on its indicator,
        in order of publication (see :mod:`ipsim.analysis.releases`)."""
        import pandas as pd

        from ipsim.analysis.partial_year import period_text

        def col(key: str) -> str:
            return label(f"evaluate.col.{key}", lang)

        targets = {t.id: t for t in self.plan.targets}
        rows = [
            {
                col("published"): r.published,
                col("indicator"): self.plan.indicator(r.indicator).label(lang),
                col("target"): targets[r.target].label(lang),
                col("period"): period_text(
                    r.year, r.month, lang, level=self.plan.indicator(r.indicator).kind != "flow"
                ),
                col("value"): r.value,
                col("unit"): self.plan.indicator(r.indicator).unit(lang),
                col("used"): r.used_text(lang),
                col("p_met_before"): _moved(r, r.p_met_before),
                col("p_met_after"): _moved(r, r.p_met),
            }
            for r in self.releases
        ]
        keys = ["published", "indicator", "target", "period", "value", "unit", "used"]
        columns = [col(k) for k in [*keys, "p_met_before", "p_met_after"]]
        return pd.DataFrame(rows, columns=columns)

    def rule_text(self, lang: Lang = "en") -> str:
        """The classification rule in words, with the margin."""
        return label("evaluate.rule", lang, margin=f"{self.margin * 100:g}")

    def summary_lines(self, lang: Lang = "en") -> list[str]:
        """The totals by class, by attribute, and the expected number met, one per line."""
        lines = [label("evaluate.totals", lang, counts=self._counts(self.totals(), lang))]
        for attribute, counts in self.totals_by_attribute().items():
            name = label(f"evaluate.attribute.{attribute}", lang)
            text = self._counts(counts, lang)
            lines.append(label("evaluate.by_attribute", lang, attribute=name, counts=text))
        expected, n = self.expected_met()
        lines.append(label("evaluate.expected_met", lang, expected=expected, n=n))
        return lines

    @staticmethod
    def _counts(counts: dict[str, int], lang: Lang) -> str:
        parts = [
            label("evaluate.count", lang, label=label(f"evaluate.class.{c}", lang), n=n)
            for c, n in counts.items()
            if n
        ]
        return label("evaluate.count_separator", lang).join(parts)

    def _summary(self) -> str:
        return "\n".join(self.summary_lines("en"))  # a paragraph a line in a notebook


_STYLED_COLUMNS = (
    "target",
    "attribute",
    "base_year",
    "base_value",
    "latest_period",
    "latest_value",
    "goal",
    "unit",
    "deadline",
    "progress",
    "elapsed",
    "class",
    "p_met",
    "verdict",
    "lead",
)
"""The columns of the styled evaluation (label keys ``evaluate.col.<name>``), in order."""


def evaluate(
    scenario: Scenario | str,
    as_of: int | str,
    observed: ObservedData | str | Path | None = None,
    *,
    margin: float = PROGRESS_MARGIN,
    draws: int | None = None,
    seed: int | None = None,
    releases: bool = False,
) -> EvaluationResult:
    """Evaluate every target of a scenario's plan as of a date, as a mid-term evaluation does.

    Parameters
    ----------
    scenario : Scenario or str
        The scenario (or a bundled name or file): its plan, its baselines, and its models for
        the P(met) of the years that remain.
    as_of : int or str
        The evaluation date: a year (taken at its end) or ``"YYYY-MM"``. Figures count when
        published by the end of that month
        (:meth:`~ipsim.observed.ObservedData.release_months` states the rule: a row without a
        ``published`` date counts from the January after its year, a share's from two years
        after; a year alone from its December); a partial-year figure stands for its full year
        (:mod:`ipsim.analysis.partial_year`). The elapsed share is read at the same point as
        the progress, the end of the year the latest figure describes (a level published within
        the year: the end of its month):
        ``(latest_year - base_year) / (deadline - base_year)``; a target with no figure after
        its base shows it at the evaluation date (June 2023 is 2022.5). Judged at the
        evaluation date instead, the year or more a figure takes to be published would count
        against every target.
    observed : ObservedData or path, optional
        Figures added to the plan's bundled ones (same columns).
    margin : float
        The tolerance of "broadly on schedule" (default :data:`PROGRESS_MARGIN`).
    draws, seed : int, optional
        Monte Carlo draws and seed of the P(met) run (default: the scenario's).
    releases : bool
        Also recompute P(met) after each release up to the date
        (:func:`ipsim.analysis.releases.release_history`,
        :data:`~ipsim.analysis.releases.RELEASE_DRAWS` draws each; ``ipsim evaluate`` does). Off
        by default: it costs one recalibration and simulation a release month (about 0.5 s for
        the national plan, 3.5 s for Guangzhou's).

    Examples
    --------
    >>> result = evaluate("national-14th", 2021, draws=200, seed=1)
    >>> result.totals()["not_assessable"], str(result.as_of)
    (8, '2021')
    """
    from ipsim.analysis.partial_year import scenario_as_of
    from ipsim.analysis.releases import RELEASE_DRAWS, release_history
    from ipsim.assess import assess
    from ipsim.scenario import load_scenario
    from ipsim.simulate import simulate

    when = parse_as_of(as_of)
    if not (isinstance(margin, int | float) and 0 <= margin < 1):
        raise ArgumentError(f"margin: expected a number in [0, 1), got {margin!r}")
    scenario = load_scenario(scenario) if isinstance(scenario, str | Path) else scenario
    plan = scenario.load_plan()
    data = _observed_data(plan, observed)
    later, extended, estimates = scenario_as_of(
        scenario, when.year, data.published_by(when.year, when.month)
    )
    known = _published_series(scenario, plan, extended)
    assessment = assess(simulate(later.with_run(draws=draws, seed=seed)))
    rows = [
        _evaluate_target(t, plan, known, when, margin, assessment, estimates.get(t.indicator))
        for t in plan.targets
    ]
    history = release_history(scenario, data, when.year, when.month, seed=seed) if releases else []
    titles = (scenario.title("en") or "", scenario.title("zh") or "")
    return EvaluationResult(
        plan,
        scenario.name,
        when,
        margin,
        rows,
        tuple(history),
        RELEASE_DRAWS if releases else 0,
        scenario_titles=titles,
    )


def _observed_data(plan: Plan, observed: ObservedData | str | Path | None) -> ObservedData:
    """The plan's bundled figures, with the user's added (read and checked against the plan)."""
    from ipsim.observed import ObservedData, load_observed, read_observed

    bundled = load_observed(plan)
    if observed is None:
        return bundled
    extra = observed if isinstance(observed, ObservedData) else read_observed(observed, plan=plan)
    return bundled.combined(extra)


def _published_series(
    scenario: Scenario, plan: Plan, data: ObservedData
) -> dict[str, dict[int, float]]:
    """Per indicator, the published figures by year, in the plan's unit: the scenario's observed
    baseline and history, overridden by the figures picked from ``data`` (its stated rule)."""
    known: dict[str, dict[int, float]] = {i: {} for i in plan.indicator_ids}
    for ident, spec in scenario.indicators.items():
        baseline = spec.baseline
        figures = known.setdefault(ident, {})
        figures.update({int(y): float(v) for y, v in baseline.history.items()})
        if not baseline.is_assumed and isinstance(baseline.value, int | float):
            figures[baseline.year] = float(baseline.value)
    values = data.select(plan).values
    for ident, year, value in zip(
        values["indicator"], values["year"], values["value"], strict=True
    ):
        known.setdefault(str(ident), {})[int(year)] = float(value)
    return known


def _evaluate_target(
    target: Target,
    plan: Plan,
    known: dict[str, dict[int, float]],
    when: AsOf,
    margin: float,
    assessment: Assessment,
    estimate: YearEstimate | None = None,
) -> TargetEvaluation:
    """One target's line: figures, shares, class, and its P(met) from ``assessment``."""
    figures = known.get(target.indicator, {})
    base = figures.get(target.base_year)
    later = [y for y in figures if y > target.base_year]
    latest_year = max(later) if later else None
    latest = figures[latest_year] if latest_year is not None else None
    span = target.deadline - target.base_year
    at: float = when.time if latest_year is None else latest_year  # where progress is read
    if estimate is not None and estimate.year == latest_year and estimate.share is None:
        at = estimate.year - 1 + estimate.month / 12  # a level, read at its month's end
    elapsed = min(max((at - target.base_year) / span, 0.0), 1.0)
    cls, reason, progress = _judge(target, base, latest, elapsed, margin, when)
    indicator = plan.indicator(target.indicator)
    found = _assessed(assessment, target.id)
    return TargetEvaluation(
        target=target,
        attribute=target.attribute or "not_stated",
        lead_en=plan.agency_labels(target.lead_agencies, "en"),
        lead_zh=plan.agency_labels(target.lead_agencies, "zh"),
        unit_en=indicator.unit_en,
        unit_zh=indicator.unit_zh,
        base_value=base,
        latest_year=latest_year,
        latest_value=latest,
        goal=goal_level(target, base),
        progress=progress,
        elapsed=elapsed,
        cls=cls,
        reason=reason,
        p_met=float("nan") if found is None else float(found.p_met),
        verdict=None if found is None else found.verdict,
        verdict_en=None if found is None else found.verdict_text("en", short=True),
        verdict_zh=None if found is None else found.verdict_text("zh", short=True),
        estimate=estimate,
        indicator_kind=indicator.kind,
    )


def _assessed(assessment: Assessment, target_id: str) -> Any:
    try:
        return assessment.target(target_id)
    except (KeyError, LookupError, ArgumentError):
        return None


Judgement = tuple[str, tuple[str, dict[str, Any]] | None, float | None]


def _judge(
    target: Target,
    base: float | None,
    latest: float | None,
    elapsed: float,
    margin: float,
    when: AsOf,
) -> Judgement:
    """The class, the reason it is not assessable (if so), and the progress share."""
    if target.threshold is None:
        return "not_assessable", ("evaluate.reason.no_threshold", {}), None
    if not (target.kind in GROWTH_SCALE_KINDS or target.kind in LEVEL_SCALE_KINDS) or (
        target.kind == "cumulative" and target.basis != "stock"
    ):
        return "not_assessable", ("evaluate.reason.kind", {"kind": target.kind}), None
    if latest is None:
        return "not_assessable", ("evaluate.reason.no_latest", {"as_of": when}), None
    if target.kind not in GROWTH_SCALE_KINDS and _meets(target, latest, target.threshold):
        progress = None if base is None else progress_share(target, base, latest)
        return "achieved_early", None, progress
    if base is None:
        return "not_assessable", ("evaluate.reason.no_base", {"year": target.base_year}), None
    progress = progress_share(target, base, latest)
    if progress is None:
        key = "not_positive" if target.kind in GROWTH_SCALE_KINDS else "no_gap"
        return "not_assessable", (f"evaluate.reason.{key}", {}), None
    goal = goal_level(target, base)
    if goal is not None and _meets(target, latest, goal):
        return "achieved_early", None, progress
    return classify(progress, elapsed, margin=margin), None, progress


def _meets(target: Target, value: float, goal: float) -> bool:
    return value >= goal if target.direction == "at_least" else value <= goal
