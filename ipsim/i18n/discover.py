"""Labels of scenario discovery over a run's kept inputs (collected into :data:`ipsim.i18n.LABELS`)."""

LABELS: dict[str, tuple[str, str]] = {
    "discover.param_of": ("{param} of {indicator}", "{indicator}{param}"),
    "discover.per_year": ("{value} %/yr", "{value}%/年"),
    "discover.times_plan": ("{value}x the plan", "计划的{value}倍"),
    "discover.level": ("{value} {unit}", "{value}{unit}"),
    "discover.percent": ("{value} %", "{value}%"),
    "discover.title": (
        "What could make us miss: {target} ({draws:,} draws, P(met) {p_met})",
        "什么情况下会未达成：{target}（{draws:,}次模拟，达成概率{p_met}）",
    ),
}
