"""Labels of model parameters and levers (collected into :data:`ipsim.i18n.LABELS`).

``models.unit.<parameter>`` is what a value of a model parameter means, keyed by the parameter's
name, so every family with a ``growth`` parameter shares one unit;
:meth:`ipsim.models.base.ParamSpec.unit` reads it unless the family gives its own
(``unit_en``/``unit_zh``). ``levers.*`` are the units a lever shows when its parameter has none.
"""

LABELS: dict[str, tuple[str, str]] = {
    # what a value of a model parameter means
    "models.unit.growth": ("growth a year (fraction)", "年增长率（小数）"),
    "models.unit.additions": ("additions a year", "每年新增数"),
    "models.unit.unit_cost": ("CNY per unit", "元/个"),
    "models.unit.rate": ("logit change a year", "对数几率年变化"),
    # units of levers
    "levers.funding_unit": ("x planned budget", "倍计划预算"),
    "levers.median": ("median", "中位数"),
}
