"""Several scenarios, one table: every target's P(met), median and status, and the differences."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ipsim.scenario import Scenario, load_scenario
from ipsim.simulate import RngLike, simulate

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from ipsim.assess import Assessment


@dataclass(frozen=True, eq=False)
class Comparison:
    """The assessments of several scenarios under the same seed and draws, and their table.

    ``frame`` has one row per (target, scenario): ``p_met``, ``median``, ``status_statcan``,
    ``rating``, and ``d_p_met`` / ``d_median``, the differences to the first scenario.
    """

    assessments: tuple[Assessment, ...] = field(repr=False)
    frame: pd.DataFrame = field(repr=False)
    seed: int
    draws: int

    @property
    def names(self) -> list[str]:
        return [a.result.scenario.name for a in self.assessments]

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``ipsim compare --format json``."""
        return {
            "scenarios": [
                {
                    "name": a.result.scenario.name,
                    "sha256": a.result.scenario.sha256,
                    "p_all_met": a.p_all_met,
                    "expected_met": a.expected_met,
                }
                for a in self.assessments
            ],
            "seed": self.seed,
            "draws": self.draws,
            "targets": self.frame.to_dict("records"),
        }


def compare(
    *scenarios: Scenario | str | Path, draws: int | None = None, rng: RngLike = None
) -> Comparison:
    """Assess every scenario with the first one's seed and draws, and tabulate the differences.

    With the same random numbers, a difference comes from the scenarios, not from the noise:
    a scenario compared with itself differs by exactly zero.

    Examples
    --------
    >>> table = compare("baseline", "high-funding", draws=2_000).frame
    >>> row = table[(table["target"] == "invention_apps") & (table["scenario"] == "high-funding")].iloc[0]
    >>> bool(row["d_p_met"] > 0)
    True
    >>> float(compare("baseline", "baseline", draws=500).frame["d_p_met"].abs().max())
    0.0
    """
    import pandas as pd

    from ipsim.assess import assess

    if not scenarios:
        msg = "compare needs at least one scenario"
        raise ValueError(msg)
    loaded = [s if isinstance(s, Scenario) else load_scenario(s) for s in scenarios]
    first = loaded[0]
    n = first.draws if draws is None else int(draws)
    seed = first.seed if rng is None else rng
    boards = tuple(assess(simulate(s, draws=n, rng=seed)) for s in loaded)
    rows = []
    reference = {t.id: t for t in boards[0].targets}
    for board in boards:
        for t in board.targets:
            ref = reference.get(t.id)
            rows.append(
                {
                    "target": t.id,
                    "label_en": t.label_en,
                    "label_zh": t.label_zh,
                    "scenario": board.result.scenario.name,
                    "p_met": t.p_met,
                    "median": t.median,
                    "status_statcan": t.status_statcan,
                    "rating": t.rating,
                    "d_p_met": None if ref is None else t.p_met - ref.p_met,
                    "d_median": None if ref is None else t.median - ref.median,
                }
            )
    return Comparison(
        assessments=boards,
        frame=pd.DataFrame(rows),
        seed=int(seed) if isinstance(seed, int) else first.seed,
        draws=n,
    )
