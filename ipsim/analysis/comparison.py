"""Several scenarios, one table: every target's P(met), median and status, and the differences.

The scenarios must be of one plan. Two scenarios with the same name are told apart by their
position: the second ``baseline`` is shown as ``baseline (2)``, the third as ``baseline (3)``
(:func:`unique_names`), in the table, the frame and the JSON document alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, overload

from ipsim._args import whole_number
from ipsim._outputs import plain
from ipsim._styled import Table, figure_kind, verdict_colours
from ipsim.errors import ArgumentError
from ipsim.i18n import Lang, label
from ipsim.results import Result, caption
from ipsim.scenario import MAX_DRAWS, Scenario, load_scenario
from ipsim.simulate import RngLike, simulate

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd
    from pandas.io.formats.style import Styler

    from ipsim.assess import Assessment


@dataclass(frozen=True, eq=False)
class Comparison(Result):
    """The assessments of several scenarios under the same seed and draws, and their table.

    ``frame`` (and ``to_frame()``, a copy) has one row per (target, scenario): ``p_met``,
    ``median``, ``verdict`` (the likelihood band of P(met)) and ``verdict_near_cut``,
    ``status_statcan`` (retrospective, on published figures: the same in every scenario of the
    same figures), ``rating``, and ``d_p_met`` / ``d_median``, the differences to the first
    scenario. ``scenario`` there is the scenario's name made unique (see
    :attr:`names`).
    """

    assessments: tuple[Assessment, ...] = field(repr=False)
    frame: pd.DataFrame = field(repr=False)
    seed: int
    draws: int

    @property
    def names(self) -> list[str]:
        """The scenarios' names in order, a repeated one numbered: ``baseline (2)``."""
        return unique_names([a.result.scenario.name for a in self.assessments])

    title = "Comparison"

    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[False] = ...) -> pd.DataFrame: ...
    @overload
    def to_frame(self, lang: Lang = ..., *, styled: Literal[True]) -> Styler: ...
    def to_frame(self, lang: Lang = "en", *, styled: bool = False) -> pd.DataFrame | Styler:
        """Return one row per (target, scenario), a copy of :attr:`frame`; with ``styled=True``
        the table a notebook shows, in ``lang`` (targets and scenarios by name, P(met) and its
        change in percent and percentage points, verdicts in the board's colours).

        Examples
        --------
        >>> table = compare("baseline", "high-funding", draws=200, rng=7).to_frame("zh", styled=True)
        >>> table.data.shape
        (36, 7)
        """
        if styled:
            return self._styler(lang)
        return self.frame.copy()

    def _table(self, lang: Lang) -> Table:
        frame = self.frame
        board = self.assessments[0]
        kinds = {t.id: figure_kind(t.unit, t.threshold or 0.0) for t in board.targets}
        titles = {
            name: a.result.scenario.title(lang) or name
            for name, a in zip(self.names, self.assessments, strict=True)
        }
        col = {k: label(f"workbook.col_{k}", lang) for k in _COLUMNS}
        shown = frame[["label_zh" if lang == "zh" else "label_en", "scenario", "p_met"]].copy()
        shown.columns = [col["target"], col["scenario"], col["p_met"]]
        shown[col["scenario"]] = [titles.get(n, n) for n in frame["scenario"]]
        shown[col["verdict"]] = [label(f"verdict.short.{v}", lang) for v in frame["verdict"]]
        shown[col["median"]] = frame["median"].to_numpy()
        shown[col["d_p_met"]] = frame["d_p_met"].to_numpy()
        shown[col["d_median"]] = frame["d_median"].to_numpy()
        row_kinds = [kinds.get(t, "number") for t in frame["target"]]
        changes = [_CHANGE_KINDS.get(k, k) for k in row_kinds]
        return Table(
            shown,
            kinds={
                col["p_met"]: "percent",
                col["median"]: row_kinds,
                col["d_p_met"]: "points",
                col["d_median"]: changes,
            },
            colours={col["verdict"]: verdict_colours(list(frame["verdict"]))},
        )

    def _caption(self, lang: Lang) -> str:
        what = label("styled.what_comparison", lang)
        titles = label("tables.list_separator", lang).join(
            a.result.scenario.title(lang) or a.result.scenario.name for a in self.assessments
        )
        return caption(what, lang, scenario=titles, draws=self.draws)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON document of ``ipsim compare --format json``.

        Examples
        --------
        >>> doc = compare("baseline", "high-funding", draws=500, rng=7).to_dict()
        >>> [s["name"] for s in doc["scenarios"]], doc["seed"], doc["draws"], len(doc["targets"])
        (['baseline', 'high-funding'], 7, 500, 36)
        """
        return dict(
            plain(
                {
                    "scenarios": [
                        {
                            "name": name,
                            "sha256": a.result.scenario.sha256,
                            "p_all_met": a.p_all_met,
                            "expected_met": a.expected_met,
                        }
                        for name, a in zip(self.names, self.assessments, strict=True)
                    ],
                    "seed": self.seed,
                    "draws": self.draws,
                    "targets": self.frame.to_dict("records"),
                }
            )
        )

    def _summary(self) -> str:
        names = ", ".join(self.names)
        return f"{names}: the same {self.draws:,} draws (seed {self.seed}); d_ = minus the first"


_CHANGE_KINDS = {"percent": "points", "count": "change", "number": "change"}
"""How a change in a target's figure reads, by how the figure reads."""
_COLUMNS = ("target", "scenario", "p_met", "verdict", "median", "d_p_met", "d_median")


def unique_names(names: list[str]) -> list[str]:
    """Number the repeats of a name by position: the second ``a`` becomes ``a (2)``.

    Examples
    --------
    >>> unique_names(["baseline", "high", "baseline", "baseline (2)"])
    ['baseline', 'high', 'baseline (2)', 'baseline (2) (2)']
    """
    out: list[str] = []
    for name in names:
        unique, n = name, 1
        while unique in out:
            n += 1
            unique = f"{name} ({n})"
        out.append(unique)
    return out


def compare(
    *scenarios: Scenario | str | Path, draws: int | None = None, rng: RngLike = None
) -> Comparison:
    """Assess every scenario with the first one's seed and draws, and tabulate the differences.

    With the same random numbers, a difference comes from the scenarios, not from the noise:
    a scenario compared with itself differs by exactly zero.

    Parameters
    ----------
    *scenarios : Scenario, path or bundled name
        Scenarios of one plan; the first is the reference of the differences.
    draws : int, optional
        Monte Carlo draws of every scenario (default: the first scenario's).
    rng : int, numpy.random.SeedSequence or numpy.random.Generator, optional
        Seed of every simulation (default: the first scenario's seed).

    Raises
    ------
    ArgumentError
        If no scenario is given, or the scenarios are of different plans (their targets differ).

    Examples
    --------
    >>> table = compare("baseline", "high-funding", draws=2_000).frame
    >>> row = table[(table["target"] == "invention_apps") & (table["scenario"] == "high-funding")].iloc[0]
    >>> bool(row["d_p_met"] > 0)
    True
    >>> same = compare("baseline", "baseline", draws=500)
    >>> same.names, float(same.frame["d_p_met"].abs().max())
    (['baseline', 'baseline (2)'], 0.0)
    """
    from ipsim.assess import assess

    if not scenarios:
        msg = "compare needs at least one scenario"
        raise ArgumentError(msg)
    loaded = [s if isinstance(s, Scenario) else load_scenario(s) for s in scenarios]
    _check_one_plan(loaded)
    first = loaded[0]
    n = first.draws if draws is None else whole_number("draws", draws, low=1, high=MAX_DRAWS)
    seed = first.seed if rng is None else rng
    boards = tuple(assess(simulate(s, draws=n, rng=seed)) for s in loaded)
    entropy = boards[0].result.seed_entropy
    return Comparison(
        assessments=boards,
        frame=_table(boards, unique_names([s.name for s in loaded])),
        seed=first.seed if entropy is None else entropy,
        draws=n,
    )


def _table(boards: tuple[Assessment, ...], names: list[str]) -> pd.DataFrame:
    """One row per (target, scenario), with the differences to the first scenario."""
    import pandas as pd

    rows = []
    reference = {t.id: t for t in boards[0].targets}
    for name, board in zip(names, boards, strict=True):
        for t in board.targets:
            ref = reference.get(t.id)
            rows.append(
                {
                    "target": t.id,
                    "label_en": t.label_en,
                    "label_zh": t.label_zh,
                    "scenario": name,
                    "p_met": t.p_met,
                    "median": t.median,
                    "verdict": t.verdict,
                    "verdict_near_cut": t.verdict_cut is not None,
                    "status_statcan": t.status_statcan,
                    "rating": t.rating,
                    "d_p_met": None if ref is None else t.p_met - ref.p_met,
                    "d_median": None if ref is None else t.median - ref.median,
                }
            )
    return pd.DataFrame(rows)


def _check_one_plan(scenarios: list[Scenario]) -> None:
    """Refuse scenarios of different plans: their targets cannot be set side by side."""
    first = scenarios[0]
    plan = first.load_plan()
    for other in scenarios[1:]:
        theirs = other.load_plan()
        same = theirs.id == plan.id and [t.id for t in theirs.targets] == [
            t.id for t in plan.targets
        ]
        if not same:
            msg = (
                "compare needs scenarios of one plan; "
                f"{first.name!r} is for plan {plan.id!r} but {other.name!r} is for plan "
                f"{theirs.id!r}" + (" (a different version)" if theirs.id == plan.id else "")
            )
            raise ArgumentError(msg)
