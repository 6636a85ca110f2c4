"""The look every ipsim output shares: fonts that carry Chinese, verdict and series colours.

No plotting library is imported here, so briefings and the explorer can use the look without
loading altair; :mod:`ipsim.charts._style` registers it as altair's ``ipsim`` theme. The font list takes the first one installed: Noto Sans CJK SC / Source Han Sans
SC (Linux, ``apt install fonts-noto-cjk``), WenQuanYi Micro Hei (``apt install
fonts-wqy-microhei``, what CI installs), Microsoft YaHei (Windows), PingFang SC (macOS).
"""

from __future__ import annotations

from typing import Any

FONT = (
    "Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, Microsoft YaHei, PingFang SC, "
    "Heiti SC, Arial Unicode MS, sans-serif"
)
STATUS_COLOURS: dict[str, str] = {
    "target_achieved": "#1a7f37",
    "target_missed": "#b2182b",
    "on_track": "#4dac26",
    "acceleration_needed": "#f4a261",
    "limited_progress": "#e76f51",
    "limited_or_no_progress": "#e76f51",
    "deterioration": "#b2182b",
    "not_assessable": "#9e9e9e",
}
"""Statistics Canada / UNSD status -> colour. The board no longer colours by status (see
:data:`VERDICT_COLOURS`); the decided colours here are the decided verdicts' too."""
VERDICT_COLOURS: dict[str, str] = {
    "very_likely": "#1a7f5a",
    "likely": "#74c0a0",
    "about_as_likely_as_not": "#e9b949",
    "unlikely": "#ee8142",
    "very_unlikely": "#c62828",
    "decided_met": STATUS_COLOURS["target_achieved"],
    "decided_missed": STATUS_COLOURS["target_missed"],
    "not_assessable": STATUS_COLOURS["not_assessable"],
}
"""The one verdict (:func:`ipsim.status.verdict`) -> colour: the likelihood band of P(met), from
dark teal-green (very likely) through amber (about as likely as not) to red (very unlikely);
decided targets in the darker green and red of a published outcome. The greens lean to blue and
the bands step in lightness, so readers with red-green colour blindness still tell the two ends
apart; every board also prints the verdict in words."""
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
