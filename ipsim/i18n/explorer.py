"""The scenario explorer's labels: sections, controls, buttons, messages and the "what it takes"
sentences (collected into :data:`ipsim.i18n.LABELS`)."""

LABELS: dict[str, tuple[str, str]] = {
    # the language switch names each language in itself
    "explorer.chinese": ("中文", "中文"),
    "explorer.english": ("English", "English"),
    # a modified scenario's name and English title, and its Chinese title, end with this
    "explorer.modified": (" (modified)", "（已修改）"),
    # sections
    "explorer.funding": ("Funding (multiple of the planned budget)", "资金投入（计划预算的倍数）"),
    "explorer.growth": ("Growth assumptions (median)", "增长假设（中位数）"),
    "explorer.run": ("Run", "运行设置"),
    "explorer.takes": ("What it takes", "达成所需"),
    # controls and buttons
    "explorer.per_year": ("per year", "逐年设定"),
    "explorer.draws": ("draws", "模拟次数"),
    "explorer.reading": ("growth targets read as", "年均增长解读"),
    "explorer.target": ("fan chart of", "扇形图目标"),
    "explorer.wanted": ("wanted P(met)", "目标达成概率"),
    "explorer.seek": ("Find the funding needed", "计算所需投入"),
    "explorer.reset": ("Reset", "重置"),
    "explorer.save": ("Save scenario", "保存情景"),
    "explorer.load": ("Load scenario", "载入情景"),
    "explorer.path": ("file", "文件"),
    "explorer.brief": ("Export briefing", "导出简报"),
    # messages
    "explorer.briefed": ("briefing written", "简报已导出"),
    "explorer.saved": ("saved", "已保存"),
    "explorer.exists": (
        "the file exists; click again to replace it",
        "文件已存在；再次点击将覆盖",
    ),
    "explorer.loaded": ("loaded", "已载入"),
    "explorer.invalid": ("these settings are not a valid scenario", "当前设置不构成有效情景"),
    "explorer.save_failed": ("could not save", "保存失败"),
    "explorer.load_failed": ("could not load", "载入失败"),
    "explorer.download": ("download {file}", "下载 {file}"),
    "explorer.ready": ("ready to download", "可下载"),
    # what it takes
    "explorer.needed": (
        "{target}: P(met) >= {p:.0%} needs {lever} of at least {value} "
        "(Monte Carlo range {lo}–{hi}); now {now} gives {pnow}.",
        "{target}：达成概率达到{p:.0%}需要{lever}至少为{value}"
        "（蒙特卡洛区间 {lo}–{hi}）；当前{now}时为{pnow}。",
    ),
    "explorer.ceiling": (
        "{target}: {lever} may rise to at most {value} and still give P(met) >= {p:.0%} "
        "(Monte Carlo range {lo}–{hi}); now {now} gives {pnow}.",
        "{target}：{lever}最高可达{value}，达成概率仍不低于{p:.0%}"
        "（蒙特卡洛区间 {lo}–{hi}）；当前{now}时为{pnow}。",
    ),
    "explorer.unreachable": (
        "{target}: {lever} up to {edge} reaches only {best}: this lever alone will not do it.",
        "{target}：{lever}即使增至{edge}，达成概率也仅为{best}，单靠这一手段无法达成。",
    ),
    "explorer.unreachable_down": (
        "{target}: even with {lever} down to {edge}, P(met) reaches only {best}: "
        "this lever alone will not do it.",
        "{target}：{lever}即使降至{edge}，达成概率也仅为{best}，单靠这一手段无法达成。",
    ),
    "explorer.no_lever": (
        "{target}: no funding programme drives this indicator.",
        "{target}：该指标不受资金项目影响。",
    ),
    "explorer.no_lever_other": (
        "{target}: no lever '{lever}' moves this indicator.",
        "{target}：没有可调节该指标的手段“{lever}”。",
    ),
    "explorer.decided": (
        "{target}: {verdict}; no lever changes it.",
        "{target}：{verdict}，任何手段都无法改变。",
    ),
}
