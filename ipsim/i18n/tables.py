"""Labels of the terminal tables of ``ipsim targets``, ``compare``, ``goalseek`` and
``sensitivity`` (:mod:`ipsim.views.text`), collected into :data:`ipsim.i18n.LABELS`.

The English texts keep what those tables printed before labels existed for them, so an English
table reads as it did; the Chinese ones name every column, kind and lever in words, with
full-width punctuation after Chinese text.
"""

LABELS: dict[str, tuple[str, str]] = {
    # a field and its value, and a scenario named in a title
    "tables.field": ("{name}: {value}", "{name}：{value}"),
    "tables.percent_heading": ("{name} (%)", "{name}（%）"),
    "tables.scenario_title": ("{plan} — scenario: {scenario}", "{plan} — 情景：{scenario}"),
    "tables.list_separator": (", ", "、"),
    "tables.joint_line": (
        "{name}: {p} ({interval}); {bounds}",
        "{name}：{p}（{interval}）；{bounds}",
    ),
    "tables.window": (" ({first}–{last})", "（{first}–{last}年）"),
    "tables.id_note": ("{target}: {note}", "{target}：{note}"),
    # ipsim targets
    "tables.col_target_id": ("id", "目标代码"),
    "tables.col_kind": ("kind", "类型"),
    "tables.col_deadline": ("deadline", "期限"),
    "tables.col_task": ("task", "任务"),
    "tables.id_hint": (
        "id: the code to type in ipsim goalseek --target and other commands",
        "目标代码：在 ipsim goalseek --target 等命令中输入的代码",
    ),
    # ipsim compare
    "tables.col_delta": ("Δ {scenario}", "差值（{scenario}）"),
    "tables.points": ("{value:+.1f} pt", "{value:+.1f}个百分点"),
    "tables.same_for_all": (" (same for all)", "（各情景相同）"),
    "tables.expected_of": ("{scenario}: {what} {value}", "{what}（{scenario}）：{value}"),
    # ipsim goalseek: levers and notes
    "tables.funding_lever": ("{programme} funding (x plan)", "{programme}资金（计划倍数）"),
    "tables.no_lever": ("no lever", "无可调节手段"),
    "tables.note_no_lever": (
        "no lever moves this target (it has no such programme or trend)",
        "没有可调节手段影响该目标（无对应资金项目或趋势）",
    ),
    "tables.note_decided": (
        "decided by published figures ({verdict}): no lever changes it",
        "已由公布数据确定（{verdict}）：任何调节手段都无法改变",
    ),
    "tables.note_unreachable": (
        "not reachable within {low:g}–{high:g}: P(met) reaches {best} at {at:g}",
        "在 {low:g}–{high:g} 范围内无法达到：最高达成概率 {best}（取值 {at:g}）",
    ),
    "tables.note_at_bound": (
        "P(met) >= {p} already at the bound {bound:g}",
        "取值为边界 {bound:g} 时达成概率已不低于 {p}",
    ),
    "tables.note_hurts": (
        "more of it lowers P(met): the largest setting that still gives P(met) >= {p}",
        "该手段越大达成概率越低：取仍能使达成概率不低于 {p} 的最大值",
    ),
    "tables.note_not_moving": ("the lever does not move this target", "该调节手段不影响此目标"),
    "tables.note_separator": ("; ", "；"),
    # ipsim sensitivity
    "tables.sens_title": (
        "{method} sensitivity: {inputs} inputs, {points} points x {draws} draws",
        "{method}敏感性分析：{inputs}个输入，{points}个样本点，每点模拟{draws}次",
    ),
    "tables.method_sobol": ("Sobol", "Sobol方差分解"),
    "tables.method_morris": ("Morris", "Morris筛选法"),
    "tables.output_p_met": ("P(met)", "达成概率"),
    "tables.output_deadline_value": ("value at the deadline", "期末值"),
    "tables.swing_points": ("{value:.0f} pts", "{value:.0f}个百分点"),
    "tables.col_input": ("input", "输入"),
    "tables.col_s1": ("S1", "一阶指数"),
    "tables.col_st": ("ST", "总效应指数"),
    "tables.col_conf": ("± 95%", "±95%"),
    "tables.col_mu_star": ("mu*", "平均绝对效应"),
    "tables.col_sigma": ("sigma", "效应标准差"),
    "tables.col_swing": ("tornado swing", "单因素摆幅"),
    "tables.section": ("{target} — {output}", "{target} — {output}"),
    # ipsim validate (a problem's own message stays in English: it names the file, line and
    # field as written in the file; the line before it says so in Chinese)
    "tables.validate_ok": ("ok: {file}", "有效：{file}"),
    "tables.validate_bad": (
        "invalid: {file}",
        "无效：{file}（以下问题说明为英文，列出文件、行号和字段名）",
    ),
    "tables.validate_summary": (
        "{bad} of {n} files invalid",
        "{n}个文件中{bad}个无效",
    ),
}
