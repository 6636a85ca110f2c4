"""Look and rendering of every ipsim chart: the altair side of :mod:`ipsim.views.style`.

:mod:`ipsim.views.style` holds the look (fonts that carry Chinese, status and series colours, the
theme's ``config``) without importing altair; this module registers it as altair's ``ipsim``
*theme* and picks the offline renderer. Charts are plain altair objects; the theme is applied
when a chart is turned into a spec, so charts stay composable (layer, concat, facet) and
restylable. Rendering uses altair's ``svg`` renderer, which draws the chart in Python with
vl-convert: no JavaScript and no CDN, so charts show offline in JupyterLab, Voilà and exported
notebooks.

Chinese needs a CJK font on the machine that draws the chart: the browser for SVG in a notebook,
vl-convert for ``chart.save("x.png" | "x.svg" | "x.pdf")``. The font list
(:data:`ipsim.views.style.FONT`) takes the first one installed: Noto Sans CJK SC / Source Han Sans
SC (Linux, ``apt install fonts-noto-cjk``), WenQuanYi Micro Hei (``apt install
fonts-wqy-microhei``, what CI installs), Microsoft YaHei (Windows), PingFang SC (macOS).
"""

from __future__ import annotations

from typing import Any

import altair as alt

from ipsim.views.axes import upright
from ipsim.views.style import (
    ASSUMED,
    FONT,
    OBSERVED,
    PROJECTION,
    STATUS_COLOURS,
    TARGET,
    _theme,
    theme_config,
)

__all__ = [
    "ASSUMED",
    "FONT",
    "OBSERVED",
    "PROJECTION",
    "STATUS_COLOURS",
    "TARGET",
    "enable",
    "theme_config",
]


def _upright_theme() -> dict[str, Any]:
    """The look of :mod:`ipsim.views.style`, with y-axis titles upright above the axis."""
    theme = _theme()
    return {**theme, "config": upright(theme["config"])}


def enable() -> None:
    """Register and enable the ``ipsim`` theme and the offline ``svg`` renderer.

    Called when :mod:`ipsim.charts` is imported; a renderer the user chose is left alone.
    """
    alt.theme.register("ipsim", enable=True)(_upright_theme)  # type: ignore[arg-type]
    if alt.renderers.active == "default":
        alt.renderers.enable("svg")
