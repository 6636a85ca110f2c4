"""Labels of the styled tables a notebook shows (:mod:`ipsim._styled`, the ``to_frame(styled=True)``
and ``_repr_html_`` of every result), collected into :data:`ipsim.i18n.LABELS`.

Column headings reuse the workbook's (``workbook.col_*``), so a notebook table and an Excel
sheet of the same result are headed alike; the labels here are only those a workbook lacks.
"""

LABELS: dict[str, tuple[str, str]] = {
    # a heading and its unit
    "styled.header": ("{name} ({unit})", "{name}（{unit}）"),
    "styled.unit_percent": ("%", "%"),
    "styled.unit_points": ("pp", "个百分点"),
    # the caption: what the table is, the scenario and the draws behind it
    "styled.caption": (
        "{what} — scenario {scenario}, {draws} draws",
        "{what}——情景：{scenario}，模拟{draws}次",
    ),
    "styled.caption_scenario": ("{what} — scenario {scenario}", "{what}——情景：{scenario}"),
    "styled.caption_draws": ("{what} — {draws} draws", "{what}——模拟{draws}次"),
    # what each result is
    "styled.what_assessment": ("Targets: probability of being met", "目标达成概率"),
    "styled.what_comparison": ("Scenarios compared", "情景比较"),
    "styled.what_goalseek": ("What it takes", "达成所需"),
    "styled.what_sensitivity": ("Sensitivity", "敏感性分析"),
    "styled.what_backtest": ("Backtest from {origin}", "{origin}年起点回测"),
    "styled.what_rolling": ("Rolling-origin backtest by family", "滚动起点回测（按类别）"),
    "styled.what_calibration": (
        "Calibration to figures up to {origin}",
        "按截至{origin}年数据校准",
    ),
    # columns the workbook has no heading for
    "styled.col_status": ("fit", "拟合状态"),
    "styled.col_points": ("figures used", "所用数据点"),
    "styled.col_years": ("years", "年份"),
    "styled.col_drift": ("trend (mean)", "趋势（均值）"),
    "styled.col_drift_lo": ("trend, 90% interval low", "趋势90%区间下限"),
    "styled.col_drift_hi": ("trend, 90% interval high", "趋势90%区间上限"),
    "styled.col_output": ("output", "输出"),
}
