"""Labels of the fan chart (:mod:`ipsim.views.fan`): title, subtitle, key and end labels
(collected into :data:`ipsim.i18n.LABELS`)."""

LABELS: dict[str, tuple[str, str]] = {
    "fan.title": ("{target} by {deadline}", "{target}（{deadline}年）"),
    "fan.subtitle": (
        "P(met) = {p_met}, {verdict} (95% interval {interval}) · {reading} · {draws} draws · scenario {scenario}",
        "达成概率 {p_met}，{verdict}（95%区间 {interval}）· {reading} · {draws} 次模拟 · 情景 {scenario}",
    ),
    "fan.key": (
        "bands: 50% and 90% of draws · ● observed figure (darker = more reliable) · ◇ assumed · "
        "dashed: target",
        "色带：50%与90%模拟区间 · ● 观测值（颜色越深越可靠）· ◇ 假设值 · 虚线：目标",
    ),
    "fan.key_decided": (
        "● published figure (darker = more reliable) · ◇ assumed · dashed: target",
        "● 公布数据（颜色越深越可靠）· ◇ 假设值 · 虚线：目标",
    ),
    # the short form of ``trend_marker`` that fits a subtitle
    "fan.trend_note": ("† trend assumed, not fitted to data", "† 趋势为假设值，未经数据拟合"),
    "fan.deadline": ("deadline {year}", "期限 {year}"),
    "fan.median": ("median", "中位数"),
    "fan.target": ("target", "目标"),
}
