"""Axis units a reader expects: 万件 and 亿元 in Chinese, thousands and CNY billion in English."""

from __future__ import annotations

from dataclasses import dataclass

from ipsim.i18n import Lang
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
        return AxisUnit(
            1.0, "指数（基年 = 1）" if lang == "zh" else "index (base year = 1)", ",.2f"
        )
    if indicator.kind == "share":
        return AxisUnit(0.01, "%", ",.0f")
    money = indicator.unit_zh == "元"
    if lang == "zh":
        if money:
            return (
                AxisUnit(1e8, "亿元", ",.1f") if largest >= 1e8 else AxisUnit(1e4, "万元", ",.0f")
            )
        if largest >= 1e4:
            return AxisUnit(1e4, f"万{indicator.unit_zh}", ",.1f")
        return AxisUnit(1.0, indicator.unit_zh, ",.0f")
    if money:
        return (
            AxisUnit(1e9, "CNY billion", ",.2f")
            if largest >= 1e9
            else AxisUnit(1e6, "CNY million", ",.0f")
        )
    return AxisUnit(1.0, indicator.unit_en, ",.0f")
