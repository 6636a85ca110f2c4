"""The fan chart as an altair chart: the altair wrapper of :mod:`ipsim.views.fan`.

:func:`ipsim.views.fan.fan_spec` builds the whole Vega-Lite spec (one target's projection with
its bands, the figures behind it, and the target) without altair; :func:`fan_chart` turns that
spec into an altair chart that can be restyled, layered and saved. ``fan_spec``, ``fan_title``
and ``as_assessment`` are re-exported here for code that imported them from this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import altair as alt

from ipsim.i18n import Lang
from ipsim.views.fan import as_assessment, fan_spec, fan_title

if TYPE_CHECKING:
    from ipsim.assess import Assessment
    from ipsim.simulate import SimulationResult

__all__ = ["as_assessment", "fan_chart", "fan_spec", "fan_title"]


def fan_chart(
    result: SimulationResult | Assessment,
    target: str,
    *,
    lang: Lang = "en",
    observed: Any = None,
    width: int = 520,
    height: int = 300,
    titled: bool = True,
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
    titled : bool
        Draw the title and subtitle (:func:`fan_title` gives them as text, for a page that
        shows them itself).

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
    spec = fan_spec(
        result, target, lang=lang, observed=observed, width=width, height=height, titled=titled
    )
    return alt.LayerChart.from_dict(spec, validate=False)
