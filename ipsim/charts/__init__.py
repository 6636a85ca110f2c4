"""Charts a researcher can paste into a report, in Chinese or English, drawn offline.

Every function takes results and ``lang="en" | "zh"`` and returns an altair chart that can
still be restyled, layered or saved (``chart.save("fan.png")``, ``.svg``, ``.pdf``; vl-convert
draws them with no network). Importing this module enables the ``ipsim`` theme (fonts that carry
Chinese) and, unless another was chosen, altair's offline ``svg`` renderer (see
:mod:`ipsim.charts._style`).

Each chart is a thin wrapper: :mod:`ipsim.views` builds the data or the whole Vega-Lite spec
without altair (fast enough for the explorer and the briefing), and a chart here wraps it:

- :func:`fan_chart` wraps :func:`ipsim.views.fan.fan_spec` (module :mod:`ipsim.charts.fan`);
- :func:`status_board` draws :func:`ipsim.views.board.board_frame`, the frame that
  :func:`ipsim.views.board.board_html` draws as an HTML table (:mod:`ipsim.charts.board`);
- :mod:`ipsim.charts._style` registers the look of :mod:`ipsim.views.style` as altair's theme;
- :func:`comparison_chart` draws the assessments of :func:`ipsim.analysis.comparison.compare`;
- :func:`backtest_chart`, :func:`prob_vs_lever`, :func:`tornado` and :func:`sobol_bars` draw the
  results of :mod:`ipsim.analysis` (backtest, goal-seek, sensitivity) directly;
- :func:`tradeoff_chart` and :func:`box_chart` draw a PRIM result of scenario discovery
  (:mod:`ipsim.charts.discovery`): coverage against density along the peeling trajectory, and
  the chosen box input by input.

``ipsim.charts.compare`` is the old name of :func:`comparison_chart`: it still works and warns
(``DeprecationWarning``); it goes in the next release.
"""

import typing
import warnings

from ipsim.charts import _style
from ipsim.charts.backtest import backtest_chart
from ipsim.charts.board import status_board
from ipsim.charts.comparison import comparison_chart
from ipsim.charts.discovery import box_chart, tradeoff_chart
from ipsim.charts.fan import fan_chart
from ipsim.charts.rolling import rolling_chart
from ipsim.charts.what_it_takes import prob_vs_lever, sobol_bars, tornado

_style.enable()

_RENAMED = {"compare": "comparison_chart"}
"""Old names of charts, kept for one release: old name -> new name."""


def __getattr__(name: str) -> typing.Any:
    """Give a renamed chart under its old name, with a ``DeprecationWarning``.

    Examples
    --------
    >>> import warnings
    >>> import ipsim.charts
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     old = ipsim.charts.compare
    >>> old is ipsim.charts.comparison_chart, caught[0].category.__name__
    (True, 'DeprecationWarning')
    """
    if name in _RENAMED:
        new = _RENAMED[name]
        warnings.warn(
            f"ipsim.charts.{name} is now ipsim.charts.{new}; the old name is deprecated and goes "
            "in the next release",
            DeprecationWarning,
            stacklevel=2,
        )
        return globals()[new]
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = [
    "backtest_chart",
    "box_chart",
    "comparison_chart",
    "fan_chart",
    "prob_vs_lever",
    "rolling_chart",
    "sobol_bars",
    "status_board",
    "tornado",
    "tradeoff_chart",
]
