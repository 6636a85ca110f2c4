"""What the explorer's "What it takes" section says: a goal-seek answer in one sentence, the
answer at the 10th, 50th and 90th percentiles of the funding elasticity, and the settings of the
lever's P(met) curve."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ipsim.i18n import Lang, label
from ipsim.probability import format_probability
from ipsim.scenario import Scenario


def sweep_grid(answer: Any) -> np.ndarray:
    """Twelve settings of ``answer``'s lever for its P(met) curve: 0.25 to 3 times the planned
    budget (or past the answer) for funding, else around the current setting and the answer,
    inside the range searched."""
    if answer.lever.startswith("funding."):
        return np.linspace(0.25, max(3.0, (answer.value or 0) * 1.2), 12)
    seen = [v for v in (answer.current_value, answer.value) if v is not None and math.isfinite(v)]
    low, high = min(seen), max(seen)
    pad = max(high - low, 0.5 * max(abs(low), abs(high)), 1e-3)
    return np.linspace(max(answer.bounds[0], low - pad), min(answer.bounds[1], high + pad), 12)


def theta_text(answer: Any, lang: Lang) -> str:
    """What the answer needs with the funding elasticity at its 10th, 50th and 90th percentiles
    and how much of its spread that is, as a sentence to follow the answer ("" unless theta is
    uncertain and moves the answer; the chart's subtitle says when it does not)."""
    from ipsim.views.brief import lever_setting

    if answer.theta_role != "uncertain" or len(answer.by_theta) != 3:
        return ""
    bound = "goalseek.at_most" if answer.search == "largest" else "goalseek.at_least"
    values, thetas = {}, {}
    for key, at in zip(("10", "50", "90"), answer.by_theta, strict=True):
        thetas[f"t{key}"] = f"{at.theta:.3g}"
        values[f"v{key}"] = (
            label(bound, lang, value=lever_setting(at.value, answer, lang))
            if at.value is not None
            else label("goalseek.unreachable", lang)
        )
    text = label("goalseek.sentence", lang, **thetas, **values)
    if answer.theta_share is not None:
        text += label("goalseek.sentence_share", lang, share=f"{answer.theta_share:.0%}")
    return text


def answer_text(answer: Any, name: str, scenario: Scenario, lang: Lang) -> str:
    """A goal-seek answer for target ``name`` in one sentence: what it needs (at least, or at
    most where more hurts), or how far the lever gets when it cannot reach the wanted P(met)."""
    from ipsim.views.brief import lever_label, lever_setting, monte_carlo_range

    shown = lever_label(answer, scenario, lang)
    if answer.feasible and answer.value is not None:
        lo, hi = monte_carlo_range(answer)
        return label(
            "explorer.ceiling" if answer.search == "largest" else "explorer.needed",
            lang,
            target=name,
            p=answer.probability,
            lever=shown,
            value=lever_setting(answer.value, answer, lang),
            lo=lo,
            hi=hi,
            now=lever_setting(answer.current_value, answer, lang),
            pnow=format_probability(answer.p_met_now, answer.draws, lang, digits=0),
        )
    edge = answer.bounds[1] if answer.more_helps else answer.bounds[0]
    return label(
        "explorer.unreachable" if answer.more_helps else "explorer.unreachable_down",
        lang,
        target=name,
        lever=shown,
        edge=lever_setting(edge, answer, lang),
        best=format_probability(answer.best_p_met, answer.draws, lang, digits=0),
    )
