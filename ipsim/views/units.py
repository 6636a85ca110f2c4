"""Axis units a reader expects: 万件 and 亿元 in Chinese, thousands and CNY billion in English."""

from __future__ import annotations

from dataclasses import dataclass

from ipsim.i18n import Lang, label
from ipsim.plan import Indicator


@dataclass(frozen=True)
class AxisUnit:
    """Divide values by ``factor`` and label the axis ``label``; ``format`` is a d3 format."""

    factor: float
    label: str
    format: str


def axis_unit(indicator: Indicator, largest: float, lang: Lang, *, index: bool = False) -> AxisUnit:
    """Choose the unit of an indicator's axis from its kind, unit and the largest value shown.

    Examples
    --------
    >>> from ipsim.plan import load_plan
    >>> plan = load_plan("guangzhou-ip-2017-2020")
    >>> axis_unit(plan.indicator("invention_apps"), 60_000, "zh")
    AxisUnit(factor=10000.0, label='万件', format=',.1f')
    >>> axis_unit(plan.indicator("patent_trade_volume"), 1.5e9, "en").label
    'CNY billion'
    >>> axis_unit(plan.indicator("agency_rate"), 0.8, "zh").label
    '%'
    """
    if index:
        return AxisUnit(1.0, label("units.index", lang), ",.2f")
    if indicator.kind == "share":
        return AxisUnit(0.01, "%", ",.0f")
    if indicator.unit_zh == label("units.yuan", "zh"):
        return _money_unit(largest, lang)
    if lang == "zh":  # counts in 万 (10,000) once they reach it
        if largest >= 1e4:
            return AxisUnit(1e4, label("units.ten_thousand", lang, unit=indicator.unit_zh), ",.1f")
        return AxisUnit(1.0, indicator.unit_zh, ",.0f")
    return AxisUnit(1.0, indicator.unit_en, ",.0f")


_MONEY_FACTORS: dict[str, tuple[tuple[float, str], tuple[float, str]]] = {
    "zh": ((1e8, ",.1f"), (1e4, ",.0f")),  # 亿元, 万元
    "en": ((1e9, ",.2f"), (1e6, ",.0f")),  # CNY billion, CNY million
}
"""The factor and d3 format of the large and the small money unit of each language."""


def _money_unit(largest: float, lang: Lang) -> AxisUnit:
    """亿元 or 万元 in Chinese, CNY billion or million in English: the large unit once reached."""
    (large, large_format), (small, small_format) = _MONEY_FACTORS.get(lang, _MONEY_FACTORS["en"])
    if largest >= large:
        return AxisUnit(large, label("units.money_large", lang), large_format)
    return AxisUnit(small, label("units.money_small", lang), small_format)
