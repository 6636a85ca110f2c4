"""Labels of the altair charts (:mod:`ipsim.charts`): titles, subtitles, axes and legends that
the views' own tables do not already hold (collected into :data:`ipsim.i18n.LABELS`).

Axis titles shared with the tables (``col_p_met``, ``col_year``, ``col_label``, ``scenario``,
``draws``) come from :mod:`ipsim.i18n.core`.
"""

LABELS: dict[str, tuple[str, str]] = {
    # the status board (ipsim.charts.board)
    "charts.board_subtitle": (
        "scenario {scenario} · {draws} draws · right: lead agency · * baseline assumed · "
        "† trend assumed",
        "情景：{scenario} · {draws} 次模拟 · 右列为牵头单位 · * 基数为假设值 · † 趋势为假设值",
    ),
    # several scenarios side by side (ipsim.charts.comparison)
    "charts.comparison_title": (
        "Probability of meeting each target, by scenario",
        "各情景下的目标达成概率",
    ),
    "charts.same_seed": ("common random numbers", "同一随机种子"),
    "charts.draws_each": ("{draws} draws each", "各{draws}次模拟"),
    "charts.draws_of": ("{scenario}: {draws} draws", "{scenario}：{draws}次模拟"),
    "charts.count_separator": ("; ", "；"),
    "charts.comparison_subtitle": ("{draws}; {noise}", "{draws}；{noise}"),
    "charts.different_seeds": (
        "different seeds: differences include Monte Carlo noise",
        "随机种子不同：差异含模拟误差",
    ),
    # the backtest (ipsim.charts.backtest): a panel's title is its indicator with its unit
    "charts.name_unit": ("{name} ({unit})", "{name}（{unit}）"),
    "charts.backtest_known": ("known at the origin", "已知（起点前）"),
    "charts.backtest_happened": ("what happened", "实际值"),
    "charts.backtest_title": (
        "Backtest: what a projection made in {origin} said, and what happened",
        "回测：{origin}年时的预测与实际",
    ),
    "charts.backtest_subtitle": (
        "{n} scored points; 90% intervals covered {cover90}, 50% intervals {cover50} "
        "(nominal 90% and 50%)",
        "{n} 个检验点；90%区间覆盖率 {cover90}，50%区间 {cover50}（应约为 90% 与 50%）",
    ),
    # P(met) against a lever (ipsim.charts.what_it_takes.prob_vs_lever)
    "charts.lever_axis": ("{lever} ({unit})", "{lever}（{unit}）"),
    "charts.budget_multiple": ("x planned budget", "计划预算的倍数"),
    "charts.lever_title": (
        "Probability of meeting the target against the lever",
        "达成概率与投入",
    ),
    "charts.theta_mark": ("θ p{q}", "θ第{q}百分位"),
    "charts.wanted": ("dashed: wanted probability {p}", "虚线：目标概率 {p}"),
    "charts.needed_at_least": ("needed: at least", "所需至少"),
    "charts.needed_at_most": ("at most", "最高可为"),
    "charts.needed_range": (
        "{needed} {value} (Monte Carlo range {lo}-{hi})",
        "{needed} {value}（蒙特卡洛区间 {lo}–{hi}）",
    ),
    "charts.unreachable": ("not reachable in range; best {p}", "在范围内无法达到；最高 {p}"),
    # sensitivity (ipsim.charts.what_it_takes.tornado, sobol_bars)
    "charts.deadline_value": ("deadline value", "期末值"),
    "charts.low_end": ("low end", "低端"),
    "charts.high_end": ("high end", "高端"),
    "charts.tornado_title": (
        "What it hinges on (one at a time): {target}",
        "敏感性（单因素）：{target}",
    ),
    "charts.sobol_first": ("first order S1", "一阶指数 S1"),
    "charts.sobol_total": ("total ST", "总效应指数 ST"),
    "charts.sobol_index": ("Sobol index", "Sobol 指数"),
    "charts.sobol_title": (
        "Global sensitivity (Sobol): {target}, {output}",
        "全局敏感性（Sobol）：{target}，{output}",
    ),
    "charts.sobol_subtitle": (
        "N = {n}, {points} points × {draws} draws; whiskers: 95% confidence",
        "N = {n}，{points} 个样本点 × {draws} 次模拟；误差线：95%置信区间",
    ),
}
