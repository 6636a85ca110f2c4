"""The briefing's "what could make us miss": scenario discovery over the briefing's own run.

The briefing simulates once, keeping each draw's inputs (``simulate(..., keep_inputs=True)``).
One target is chosen, the open target whose P(met) is closest to 50 % among those between 5 %
and 95 %: there a miss is a live question, misses and hits are both common enough for PRIM to
contrast them, and a box with the default density threshold (80 % of the draws inside miss)
can stand out from the base rate of misses (at P(met) below 20 % the whole space already
reaches it, so no box could be claimed). PRIM (:func:`ipsim.analysis.prim.prim`, default
settings, no bootstrap) then runs over the first :data:`MISS_DRAWS` draws of that run, on the
inputs that vary, named as :func:`ipsim.analysis.discover.discover` names them. A box is told
only when PRIM finds one and every limit of it is significant (quasi-p-value below
:data:`SIGNIFICANCE`); otherwise the sentence says plainly that no combination of inputs singles
out the misses. No box is ever invented.

Every word comes from :mod:`ipsim.i18n.brief` (keys ``brief.miss_*``) and :mod:`ipsim.i18n.prim`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ipsim.i18n import Lang, label
from ipsim.probability import format_probability

if TYPE_CHECKING:
    from ipsim.analysis.prim import PrimResult
    from ipsim.assess import Assessment

MISS_DRAWS = 5_000
"""Draws PRIM reads (the first ones; draws are independent, so they are a random sample).
PRIM's time grows with the draws: over the baseline's 60 varying inputs it took 0.14 s at
5,000 draws, 0.27 s at 10,000 and 3.1 s at 100,000 (2-core machine, 2026-12)."""
UNCERTAIN = (0.05, 0.95)
"""The P(met) range of a target whose miss is still in question."""
SIGNIFICANCE = 0.05
"""The largest quasi-p-value a limit of a told box may have."""


def miss_target(board: Assessment) -> str | None:
    """Return the open target whose P(met) is closest to 50 %, among those within
    :data:`UNCERTAIN` (on a tie, the first in the plan), or None when no target is uncertain.

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> miss_target(assess(simulate(load_scenario("baseline"), draws=2_000, rng=1)))
    'counterfeit_cases'
    """
    low, high = UNCERTAIN
    uncertain = [
        (abs(p_met - 0.5), order, target)
        for order, (target, p_met) in enumerate(_open_targets(board).items())
        if low <= p_met <= high
    ]
    return min(uncertain)[2] if uncertain else None


def _open_targets(board: Assessment) -> dict[str, float]:
    """The P(met) of each target that draws can meet or miss: simulated, with a threshold, and
    not decided by published figures."""
    return {
        t.id: t.p_met
        for t in board.targets
        if t.decided is None
        and t.threshold is not None
        and t.indicator in board.result.indicators
        and not math.isnan(t.p_met)
    }


def miss_discovery(board: Assessment, target: str) -> PrimResult:
    """Run PRIM over the first :data:`MISS_DRAWS` draws of ``board``'s run (kept inputs) for
    the draws that miss ``target``: :func:`ipsim.analysis.discover.discover` on fewer draws.

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> board = assess(simulate(load_scenario("baseline"), draws=2_000, rng=1, keep_inputs=True))
    >>> found = miss_discovery(board, "counterfeit_cases")
    >>> found.n_total, found.restricted
    (2000, ('growth.counterfeit_cases',))
    """
    from ipsim.analysis.discover import input_formats, input_names
    from ipsim.analysis.prim import prim

    frame = board.inputs_frame(target).iloc[:MISS_DRAWS]
    missed = ~frame.pop(f"met.{target}").to_numpy(dtype=bool)
    varying = frame.loc[:, frame.nunique() > 1]  # a constant input cannot bound a box
    scenario, columns = board.result.scenario, tuple(varying.columns)
    names, formats = input_names(scenario, columns), input_formats(scenario, columns)
    return prim(varying, missed, names=names, formats=formats)


def significant(found: PrimResult) -> bool:
    """Whether PRIM found a box whose every limit has a quasi-p-value below
    :data:`SIGNIFICANCE`."""
    limits = found.qp[~np.isnan(found.qp)]
    return bool(found.found and limits.size and (limits < SIGNIFICANCE).all())


def miss_sentence(board: Assessment, lang: Lang = "en") -> str:
    """Return the one sentence "what could make us miss" (empty for a run without its inputs,
    and when published figures decide every target).

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> board = assess(simulate(load_scenario("baseline"), draws=2_000, rng=1, keep_inputs=True))
    >>> print(miss_sentence(board, "en"))  # doctest: +NORMALIZE_WHITESPACE
    What could make us miss: for "Counterfeit-patent cases handled grow at least 20% a year"
    (P(met) 49%), misses concentrate in the draws with growth of counterfeit-patent cases
    handled below 18.5 %/yr: 69% of misses, 80% of cases inside miss.
    """
    if board.result.kept_inputs is None or not _open_targets(board):
        return ""
    target = miss_target(board)
    if target is None:
        low, high = (f"{p:.0%}" for p in UNCERTAIN)
        return label("brief.miss_none_uncertain", lang, low=low, high=high)
    found = miss_discovery(board, target)
    p_met = board.target(target).p_met
    values = {
        "target": board.result.plan.target(target).label(lang),
        "p": format_probability(p_met, board.result.draws, lang, digits=0),
    }
    if not significant(found):
        return label("brief.miss_no_box", lang, **values)
    return label("brief.miss_box", lang, box=found.thresholds_text(lang), **values)
