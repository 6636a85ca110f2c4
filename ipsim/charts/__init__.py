"""Charts a researcher can paste into a report, in Chinese or English, drawn offline.

Every function takes results and ``lang="en" | "zh"`` and returns an altair chart that can
still be restyled, layered or saved (``chart.save("fan.png")``, ``.svg``, ``.pdf``; vl-convert
draws them with no network). Importing this module enables the ``ipsim`` theme (fonts that carry
Chinese) and, unless another was chosen, altair's offline ``svg`` renderer (see
:mod:`ipsim.charts._style`).
"""

from ipsim.charts import _style
from ipsim.charts.backtest import backtest_chart
from ipsim.charts.board import status_board
from ipsim.charts.compare import compare
from ipsim.charts.fan import fan_chart
from ipsim.charts.what_it_takes import prob_vs_lever, sobol_bars, tornado

_style.enable()

__all__ = [
    "backtest_chart",
    "compare",
    "fan_chart",
    "prob_vs_lever",
    "sobol_bars",
    "status_board",
    "tornado",
]
