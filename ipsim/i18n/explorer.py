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
    # messages: "{what}: {detail}"
    "explorer.said": ("{what}: {detail}", "{what}：{detail}"),
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
    # the top of the page
    "explorer.scenario": ("scenario", "情景"),
    "explorer.date": ("{day} {month} {year}", "{year}年{month}月{day}日"),
    "explorer.col_change": ("change from start", "较初始变化"),
    "explorer.points": ("{value} pt", "{value}个百分点"),
    "explorer.details": ("Details: board and fan chart", "详情：状态表与扇形图"),
    # slider units
    "explorer.wan": ("×10,000", "万"),
    "explorer.cny_million": ("CNY {value} million", "{value} 百万元"),
    "explorer.cny_billion": ("CNY {value} billion", "{value} 十亿元"),
    "explorer.unit_amount": ("× planned = {amount} a year", "倍 = {amount}/年"),
    "explorer.unit_multiple": ("× planned budget", "倍计划预算"),
    "explorer.unit_years": ("each year: × planned budget", "各年：计划预算的倍数"),
    "explorer.unit_rate": ("growth a year", "年增长率"),
    "explorer.unit_additions": ("{unit} added a year", "{unit}/年（新增）"),
    "explorer.unit_cost": ("CNY per unit", "元/单位"),
    "explorer.unit_cost_wan": ("CNY per unit ({value})", "元/单位（{value}元）"),
    "explorer.changed": ("changed", "已调整"),
    "explorer.was": ("at the start: {value}", "初始：{value}"),
    # undo, link, downloads, busy
    "explorer.undo": ("Undo", "撤销"),
    "explorer.nothing_to_undo": ("nothing to undo", "没有可撤销的操作"),
    "explorer.link": ("link to this view", "本视图链接"),
    "explorer.link_uploaded": (
        "a link cannot carry an uploaded scenario: save it and share the file",
        "链接无法携带上传的情景：请保存并分享该文件",
    ),
    "explorer.link_refused": ("the link's settings were not applied", "链接中的设置未被采用"),
    "explorer.excel": ("Excel workbook", "Excel 工作簿"),
    "explorer.busy": ("working: {what}…", "正在{what}…"),
    "explorer.busy_run": ("simulating", "模拟"),
    "explorer.busy_takes": ("finding what it takes", "计算所需投入"),
    "explorer.busy_brief": ("writing the briefing", "生成简报"),
    "explorer.busy_excel": ("writing the workbook", "生成工作簿"),
    "explorer.busy_evaluate": ("evaluating", "评估"),
    # the evaluation tab
    "explorer.evaluation": ("Mid-term evaluation", "中期评估"),
    "explorer.as_of": ("as of", "评估时点"),
    "explorer.evaluate": ("Evaluate", "开始评估"),
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
    # what could make us miss (scenario discovery)
    "explorer.discover": ("What could make us miss", "什么情况下会未达成"),
    "explorer.discover_target": ("target", "目标"),
    "explorer.find": ("Find", "查找"),
    "explorer.busy_discover": ("searching the draws that miss", "分析未达成的模拟"),
    "explorer.discover_failed": ("could not search", "无法分析"),
    "explorer.discover_no_miss": (
        "{target}: no draw misses in this scenario, so there is nothing to explain.",
        "{target}：本情景下所有模拟均达成，无需解释未达成的原因。",
    ),
    "explorer.discover_all_miss": (
        "{target}: every draw misses in this scenario, whatever the inputs.",
        "{target}：本情景下所有模拟均未达成，与各项输入取值无关。",
    ),
    "explorer.discover_most_miss": (
        "{target}: {base} of all draws miss whatever the inputs, already more than the "
        "{threshold} a box must reach; no particular set of inputs is to blame.",
        "{target}：无论输入如何，{base}的模拟均未达成，已超过区域所需的{threshold}；"
        "并非某组特定输入所致。",
    ),
    "explorer.discover_no_box": (
        "{target}: no combination of inputs stands out; the misses are spread across them "
        "(no box of inputs where at least {threshold} of draws miss).",
        "{target}：没有哪组输入组合特别突出，未达成的情形分散于各种取值"
        "（找不到一个至少{threshold}的模拟未达成的输入区域）。",
    ),
    "explorer.discover_figures": (
        "coverage {coverage} (share of all misses inside the box) · density {density} "
        "(share of draws inside the box that miss) · the box holds {mass} of the draws",
        "覆盖率 {coverage}（全部未达成情形中落在区域内的比例）· 密度 {density}"
        "（区域内未达成的模拟比例）· 区域包含 {mass} 的模拟",
    ),
    "explorer.discover_col_input": ("input", "输入"),
    "explorer.discover_col_lower": ("above", "高于"),
    "explorer.discover_col_upper": ("below", "低于"),
    "explorer.discover_col_range": ("range in the draws", "模拟中的取值范围"),
    "explorer.discover_col_qp": ("quasi-p-value", "准p值"),
    "explorer.discover_range": ("{low} to {high}", "{low}至{high}"),
    "explorer.discover_how": (
        "Found by PRIM over the draws of the scenario on screen: the box is the largest set of "
        "inputs where at least {threshold} of draws miss; a small quasi-p-value says a limit matters.",
        "由PRIM方法基于当前情景的模拟得出：该区域是至少{threshold}的模拟未达成的最大输入范围；"
        "准p值越小，说明该界限越重要。",
    ),
}
