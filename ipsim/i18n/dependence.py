"""Labels that state the dependence between trends a joint probability assumes
(:mod:`ipsim.joint`; collected into :data:`ipsim.i18n.LABELS`)."""

LABELS: dict[str, tuple[str, str]] = {
    "dependence.independent": (
        "trends drawn independently (the scenario states no dependence)",
        "各指标趋势独立抽样（情景未设定相关性）",
    ),
    "dependence.stated": (
        "trends correlated within groups (one-factor Gaussian copula): {groups}",
        "组内指标趋势相关（单因子高斯连接函数）：{groups}",
    ),
    "dependence.group": (
        "{name} {correlation} (plausible {low}–{high})",
        "{name} {correlation}（合理范围 {low}–{high}）",
    ),
    "dependence.separator": ("; ", "；"),
    "dependence.list_separator": (" + ", "、"),
    "dependence.others": ("all other indicators", "其余各项指标"),
    "dependence.all_met": ("all targets met", "全部目标达成"),
    "dependence.at_least": ("at least {k} of {n} met", "至少{k}项（共{n}项）达成"),
    "dependence.range_line": (
        "over the plausible dependence (same draws, correlations at the low and high ends): "
        "{events}",
        "在合理的相关性范围内（同一组随机数，相关系数取范围两端）：{events}",
    ),
    "dependence.no_draw": ("none of {draws} draws", "{draws}次模拟中无一"),
    "dependence.range_event": (
        "{event}: {low} to {high} (stated: {stated})",
        "{event}：{low}至{high}（设定值下 {stated}）",
    ),
}
