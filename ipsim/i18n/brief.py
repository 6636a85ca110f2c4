"""The briefing's labels: section headings, notes, table columns, the method and the wording of
changed inputs and goal-seek answers (collected into :data:`ipsim.i18n.LABELS`)."""

LABELS: dict[str, tuple[str, str]] = {
    # the page
    "brief.html_lang": ("en", "zh-CN"),
    "brief.title": ("Briefing: will the plan's targets be met?", "简报：计划目标能否如期达成？"),
    "brief.date": ("Date: {date}", "发布日期：{date}"),
    "brief.issuer": ("Issued by: {issuer}", "发布单位：{issuer}"),
    "brief.headline_all_decided": (
        "Published figures decide all {n} targets: {met} met, {missed} missed.",
        "全部{n}项目标均已由公布数据确定：{met}项达成，{missed}项未达成。",
    ),
    # the one-page summary
    "brief.summary": ("Summary", "摘要"),
    "brief.matters": ("What matters most", "最需关注的几点"),
    "brief.col_p_met": ("P(met)", "达成概率"),
    "brief.col_verdict": ("verdict", "判断"),
    "brief.col_owner": ("lead agency", "牵头单位"),
    "brief.point_hinge": (
        "What moves the odds most: {input}; between the low and high ends of its range, P(met) "
        'of "{target}" goes from {low} to {high}.',
        "对达成概率影响最大的是{input}：在其取值范围内从低端到高端，“{target}”的达成概率从{low}变为{high}。",
    ),
    "brief.point_cheapest": (
        'Closest within reach: "{target}" (P(met) now {now}) reaches {p} with the funding of '
        "{lever} at {setting}.",
        "最易补足的是“{target}”（当前达成概率{now}）：{lever}资金达到{setting}即可使达成概率达到{p}。",
    ),
    "brief.point_takes": (
        "What it would take: {below} targets are below {p}; more funding of their own programme "
        "can bring {reachable} of them to it, {rest} cannot by funding alone (section 'What it "
        "would take').",
        "达成所需：{below}项目标的达成概率低于{p}，其中{reachable}项可通过增加所属资金项目投入达到，"
        "{rest}项单靠增加资金无法达到（见“达成所需”一节）。",
    ),
    "brief.point_no_lever": (
        "What it would take: {below} targets are below {p}, and no funding programme of the "
        "plan moves them: only their trends can (section 'What it hinges on').",
        "达成所需：{below}项目标的达成概率低于{p}，规划未设可调节的资金项目，只能依靠其自身趋势改善"
        "（见“关键因素”一节）。",
    ),
    "brief.point_all_reach": (
        "Every open target already has P(met) of at least {p}.",
        "所有未定目标的达成概率均已不低于{p}。",
    ),
    "brief.miss_box": (
        'What could make us miss: for "{target}" (P(met) {p}), misses concentrate in the draws with {box}.',
        "什么情况下会未达成：就“{target}”（达成概率{p}）而言，未达成的模拟情形集中在以下条件——{box}。",
    ),
    "brief.miss_no_box": (
        'What could make us miss: for "{target}" (P(met) {p}), no combination of the simulated '
        "inputs singles out the misses (scenario discovery found no box whose every limit is "
        "significant).",
        "什么情况下会未达成：就“{target}”（达成概率{p}）而言，没有哪一组模拟输入能明显区分出未达成的情形"
        "（情景发现未找到各界限均显著的区域）。",
    ),
    "brief.miss_none_uncertain": (
        "What could make us miss: no open target is in question (each P(met) is below {low} or "
        "above {high}), so no scenario discovery was run.",
        "什么情况下会未达成：所有未定目标的达成概率均低于{low}或高于{high}，没有悬而未决的目标，故未做情景发现。",
    ),
    "brief.point_evaluation": (
        "Mid-term evaluation as of {as_of}: {totals}.",
        "截至{as_of}的中期评估：{totals}。",
    ),
    "brief.evaluation": ("Mid-term evaluation", "中期评估"),
    "brief.evaluation_as_of": (
        "As of {as_of}, from the figures published by then; P(met) for the years that remain.",
        "截至{as_of}，依据届时已公布的数据；实现概率针对剩余年份。",
    ),
    "brief.figure_year": ("{value} ({year})", "{value}（{year}年）"),
    # sections (numbered in the order they appear) and their notes
    "brief.section_heading": ("{n}. {title}", "{n}、{title}"),
    "brief.n1": ("1", "一"),
    "brief.n2": ("2", "二"),
    "brief.n3": ("3", "三"),
    "brief.n4": ("4", "四"),
    "brief.n5": ("5", "五"),
    "brief.n6": ("6", "六"),
    "brief.n7": ("7", "七"),
    "brief.n8": ("8", "八"),
    "brief.n9": ("9", "九"),
    "brief.board": ("Targets at a glance", "目标一览"),
    "brief.fans": ("Projection of each target", "各目标预测"),
    "brief.not_modelled": (
        "Not modelled in this scenario, so no fan: {targets}.",
        "本情景未建模，故无扇形图：{targets}。",
    ),
    "brief.fans_note": (
        "Bands hold 50% and 90% of the simulated paths; dots are published figures (darker = more reliable), hollow diamonds assumed values; the dashed line is the target (the required path for growth targets); the red rule is the deadline.",
        "色带为50%与90%的模拟区间；圆点为公开数据（颜色越深越可靠），空心菱形为假设值；虚线为目标（增长目标为所需路径）；红线为期限。",
    ),
    "brief.fans_decided": (
        " A target decided by published figures (‡) has no bands: its dots are the figures that decide it.",
        "已由公布数据确定的目标（‡）不画色带：圆点即决定其结果的公布数据。",
    ),
    "brief.takes": ("What it would take", "达成所需"),
    "brief.takes_note": (
        "What each target's lever would have to be for P(met) of at least {p}: where more of it helps (the budget of the target's funding programme, as a multiple of the planned budget), the smallest setting that does (at least); where more of it hurts (a unit cost), the largest that still does (at most). The range in brackets reflects Monte Carlo error. The last column is the growth still needed each year from the last observation. A target decided by published figures needs nothing, and no lever changes it.",
        "使达成概率至少为{p}的调节手段取值：越大越有利的手段（目标所属资金项目的投入，按计划预算的倍数）给出所需的最小值（至少），越大越不利的手段（如单位成本）给出仍可达到的最大值（最高）；括号内区间反映蒙特卡洛误差。最后一列为自最近观测值起每年仍需的增长率。已由公布数据确定的目标无需投入，任何手段也无法改变其结果。",
    ),
    "brief.hinges": ("What it hinges on", "关键因素"),
    "brief.hinges_note": (
        "How far P(met) moves when one assumption goes from the low to the high end of its range (funding 0.5–1.5 × planned; trend ±50%), the others unchanged.",
        "单项假设从低端变到高端（资金为计划的0.5–1.5倍，趋势±50%）、其他不变时，达成概率的变化幅度。",
    ),
    "brief.assumptions": ("Assumptions and sources", "假设与来源"),
    "brief.method": ("Method", "方法"),
    "brief.provenance": ("Provenance", "出处与可复现信息"),
    # table columns
    "brief.col_target": ("target", "目标"),
    "brief.col_lever": ("lever", "调节手段"),
    "brief.col_needed": ("needed", "所需取值"),
    "brief.col_now": ("P(met) now", "当前达成概率"),
    "brief.col_growth": ("growth still needed /yr", "每年仍需增长"),
    "brief.col_theta": ("needed across θ", "不同θ下所需取值"),
    "brief.col_top": ("largest swings in P(met)", "达成概率变化最大的因素"),
    "brief.col_indicator": ("indicator", "指标"),
    "brief.col_baseline": ("baseline", "基数"),
    "brief.col_basis": ("source or rationale", "来源或理由"),
    "brief.col_trend": ("trend assumption", "趋势假设"),
    # what it would take
    "brief.unreachable": ("not reachable (best {best})", "无法达到（最高{best}）"),
    "brief.at_least": ("at least {value}", "至少{value}"),
    "brief.at_most": ("at most {value}", "最高{value}"),
    "brief.monte_carlo_span": (" ({lo}–{hi})", "（{lo}–{hi}）"),
    "brief.rate_a_year": ("{value} a year", "每年{value}"),
    "brief.value_in_unit": ("{value} {unit}", "{value}{unit}"),
    "brief.decided_met": ("nothing: met by published figures", "无需：已由公布数据确定达成"),
    "brief.decided_missed": (
        "no lever changes it: missed by published figures",
        "任何手段都无法改变：已由公布数据确定未达成",
    ),
    "brief.no_lever": ("no funding programme", "无对应资金项目"),
    # a lever named for a reader: by the parameter it sets, else the indicator's trend
    "brief.lever_on.unit_cost": ("unit cost of {indicator}", "{indicator}单位成本"),
    "brief.trend_lever": ("trend of {indicator}", "{indicator}增长趋势"),
    # what it hinges on, assumptions
    "brief.trend_of": ("trend of {indicator}", "{indicator}的趋势"),
    "brief.fitted": ("fitted to data", "由数据拟合"),
    "brief.assumed_trend": ("assumed", "假设"),
    # method and provenance
    "brief.method_reading": (
        "Targets of 'average annual growth' are read as: {readings}.",
        "“年均增长”目标解读为：{readings}。",
    ),
    "brief.method_funding": (
        "Funding moves each indicator through an uncertain elasticity θ, in one bounded, "
        "distributed-lag form: the log budget ratios of the last three years (weights 4/7, 2/7, "
        "1/7 from the stated lag) pass through tanh, so the effect is 0 at the planned budget, "
        "grows like θ for small changes and never exceeds θ; it shifts the growth rate in growth "
        "models and the level in count models (docs/funding-response.md). The funding needed "
        "is given with θ at its 10th and 90th percentiles. With one seed for all scenarios, "
        "differences come from the assumptions alone.",
        "资金投入通过不确定的弹性系数θ影响各指标，形式统一为有界的分布滞后：自设定滞后期起前三年预算比的对数"
        "（权重4/7、2/7、1/7）经tanh变换，按计划投入时效应为0，小幅变化时约为θ，且永不超过θ；"
        "在增长类模型中改变增长率，在计数类模型中改变水平（见docs/funding-response.md）。"
        "所需资金同时给出θ取第10和第90百分位时的结果。同一随机种子下各情景的差异只来自假设本身。",
    ),
    "brief.reading_of": ("; {target}: {reading}", "；{target}：{reading}"),
    "brief.decided_method": (
        "A target whose every year read is a published figure is decided by those figures: met or missed (‡), P(met) exactly 100% or 0%, shown with the figures and where they were published; only the years still to come are simulated.",
        "目标所需各年数据均已公布的，由公布数据确定达成或未达成（‡），达成概率恰为100%或0%，并列出数据及其来源；仅对尚未公布的年份进行模拟。",
    ),
    "brief.sources": (
        "Sources of observed figures, as published:",
        "公开数据来源（按发布时的原文照录）：",
    ),
    "brief.prov_version": ("software", "软件版本"),
    "brief.prov_scenario": ("scenario (file)", "情景（文件名）"),
    "brief.prov_sha256": ("scenario checksum (sha256)", "情景校验值（sha256）"),
    "brief.prov_seed_draws": ("seed / draws", "随机种子 / 模拟次数"),
    "brief.prov_plan": ("plan", "规划"),
    "brief.prov_observed": ("observed data (bundled table)", "观测数据（内置数据表）"),
    "brief.plan_document": ("{document}, {issuer}, {issued}", "{document}，{issuer}，{issued}"),
    "brief.plan_line": ("{title} ({document})", "{title}（{document}）"),
    # assumptions: ipsim's words are labels, the authors' and sources' are quoted as written
    "brief.original_mark": (" (as published)", "（原文）"),
    "brief.original_note": (
        "(as published): quoted as its source or the scenario's authors wrote it, not translated",
        "（原文）：情景文件作者或数据来源的原话，照录未译",
    ),
    "brief.index": ("index ({year} = 1)", "指数（{year}年=1）"),
    "brief.baseline_value": ("{year}: {value} ({confidence})", "{year}年：{value}（{confidence}）"),
    "brief.trend_value": ("{param} {value} ({status})", "{param} {value}（{status}）"),
    "brief.param.growth": ("growth a year", "年增长率"),
    "brief.param.additions": ("additions a year", "每年新增"),
    "brief.param.unit_cost": ("unit cost (CNY)", "单位成本（元）"),
    "brief.param.rate": ("logit step a year", "对数几率年变化"),
    "brief.scenario_line": ("Scenario: {title}", "情景：{title}"),
    # a modified scenario's changes
    "brief.modified": (
        "Modified from scenario {name} (sha256 {sha}); changed inputs:",
        "由情景“{name}”修改（sha256 {sha}），改动的输入：",
    ),
    "brief.modified_none": ("no input differs from the original", "各项输入与原情景相同"),
    "brief.ch_funding": (
        "funding of {programme}: {before} x -> {after} x the planned budget",
        "{programme}资金：计划预算的{before}倍 → {after}倍",
    ),
    "brief.ch_funding_year": (
        "funding of {programme} in {year}: {before} x -> {after} x the planned budget",
        "{programme}资金（{year}年）：计划预算的{before}倍 → {after}倍",
    ),
    "brief.ch_trend": (
        "{indicator}: median {param} {before} -> {after}",
        "{indicator}：{param}中位数 {before} → {after}",
    ),
    "brief.ch_draws": ("draws: {before} -> {after}", "模拟次数：{before} → {after}"),
    "brief.ch_reading": (
        "growth targets read as: {before} -> {after}",
        "年均增长目标解读：{before} → {after}",
    ),
    "brief.ch_other": ("{input}: {before} -> {after}", "{input}：{before} → {after}"),
}
