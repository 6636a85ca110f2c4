"""The look every ipsim output shares: fonts that carry Chinese, verdict and series colours.

No plotting library is imported here, so briefings and the explorer can use the look without
loading altair; :mod:`ipsim.charts._style` registers it as altair's ``ipsim`` theme. The font list takes the first one installed: Noto Sans CJK SC / Source Han Sans
SC (Linux, ``apt install fonts-noto-cjk``), WenQuanYi Micro Hei (``apt install
fonts-wqy-microhei``, what CI installs), Microsoft YaHei (Windows), PingFang SC (macOS).
"""

from __future__ import annotations

from typing import Any

from ipsim import _styled

# the font and the verdict and status colours live below every layer that shows them (a result
# object colours its notebook table without importing a view); their names here stay importable
FONT = _styled.FONT
STATUS_COLOURS: dict[str, str] = _styled.STATUS_COLOURS
"""Statistics Canada / UNSD status -> colour (:data:`ipsim._styled.STATUS_COLOURS`)."""
VERDICT_COLOURS: dict[str, str] = _styled.VERDICT_COLOURS
"""The one verdict -> colour (:data:`ipsim._styled.VERDICT_COLOURS`), the board's and the
styled tables'."""
PROJECTION = "#2b6cb0"
TARGET = "#c0392b"
OBSERVED = "#111111"
ASSUMED = "#8a8a8a"


def theme_config() -> dict[str, Any]:
    """The ``config`` block of the ipsim theme (fonts, title and axis sizes)."""
    return _theme()["config"]


def _theme() -> dict[str, Any]:
    return {
        "config": {
            "font": FONT,
            "title": {"font": FONT, "fontSize": 15, "anchor": "start", "subtitleFontSize": 12},
            "axis": {
                "labelFont": FONT,
                "titleFont": FONT,
                "labelFontSize": 11,
                "titleFontSize": 12,
            },
            "legend": {"labelFont": FONT, "titleFont": FONT},
            "header": {"labelFont": FONT, "titleFont": FONT},
            "text": {"font": FONT},
            "view": {"stroke": None},
        }
    }
