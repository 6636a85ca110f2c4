"""Axis units (:mod:`ipsim.views.units`): 万件 and 亿元 in Chinese, CNY billion in English
(collected into :data:`ipsim.i18n.LABELS`).

Chinese counts in 万 (10,000) and money in 亿元 (100 million yuan) and 万元; English in
thousands-separated units and in CNY billion or million. The factor behind each unit is chosen in
:func:`ipsim.views.units.axis_unit`.
"""

LABELS: dict[str, tuple[str, str]] = {
    "units.index": ("index (base year = 1)", "指数（基年 = 1）"),
    # what an indicator counts in when it is money (its ``unit_zh``)
    "units.yuan": ("CNY", "元"),
    # money: the large unit and the small one of each language
    "units.money_large": ("CNY billion", "亿元"),
    "units.money_small": ("CNY million", "万元"),
    # a count in tens of thousands (Chinese axes only; English keeps the unit)
    "units.ten_thousand": ("10,000 {unit}", "万{unit}"),
}
