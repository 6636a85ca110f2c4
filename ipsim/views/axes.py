"""Axis titles a reader does not have to turn their head for.

A y axis's title (its unit: 万件, 亿元, %) is written upright, above the axis, starting at the
axis line, instead of rotated along it: rotated Chinese reads character by character sideways.
:func:`upright` adds this to a Vega-Lite ``config``; the ``ipsim`` altair theme
(:mod:`ipsim.charts._style`) and the briefing's charts (:mod:`ipsim.views.brief`) use it.
"""

from __future__ import annotations

from typing import Any

UPRIGHT_Y_TITLE: dict[str, Any] = {
    "titleAngle": 0,
    "titleAlign": "left",
    "titleBaseline": "bottom",
    "titleX": 0,
    "titleY": -6,
}
"""Vega-Lite axis properties of an upright y-axis title placed above the axis (6 px)."""


def upright(config: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of a Vega-Lite ``config`` whose y-axis titles are upright, above the axis.

    Examples
    --------
    >>> upright({"axis": {"titleFontSize": 12}})["axisY"]["titleAngle"]
    0
    >>> upright({"axisY": {"grid": False}})["axisY"]["grid"]
    False
    """
    return {**config, "axisY": {**config.get("axisY", {}), **UPRIGHT_Y_TITLE}}
