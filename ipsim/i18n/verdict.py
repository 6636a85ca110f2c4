"""Labels of the one verdict (:func:`ipsim.status.verdict`), of the retrospective statuses'
basis, and of probabilities below Monte Carlo resolution (collected into
:data:`ipsim.i18n.LABELS`).

The five likelihood bands are the IPCC's calibrated language (Mastrandrea et al. 2010, the
AR5 guidance note). The Chinese words are those of the IPCC's Chinese AR5 Summary for
Policymakers (很可能, 可能, 或许可能, 很不可能) except "unlikely": the IPCC writes 不可能, which a
reader outside climate science takes for "impossible", so ipsim writes 不太可能. The thresholds
are printed with every band so that no word has to be taken on trust.
"""

LABELS: dict[str, tuple[str, str]] = {
    # the five bands of P(met), with their thresholds (ipsim.status.BAND_CUTS)
    "verdict.very_likely": ("very likely (≥ 90%)", "很可能（≥90%）"),
    "verdict.likely": ("likely (66–90%)", "可能（66%–90%）"),
    "verdict.about_as_likely_as_not": (
        "about as likely as not (33–66%)",
        "或许可能（33%–66%）",
    ),
    "verdict.unlikely": ("unlikely (10–33%)", "不太可能（10%–33%）"),
    "verdict.very_unlikely": ("very unlikely (≤ 10%)", "很不可能（≤10%）"),
    # short forms, where the thresholds are stated once (a legend, a column heading)
    "verdict.short.very_likely": ("very likely", "很可能"),
    "verdict.short.likely": ("likely", "可能"),
    "verdict.short.about_as_likely_as_not": ("about as likely as not", "或许可能"),
    "verdict.short.unlikely": ("unlikely", "不太可能"),
    "verdict.short.very_unlikely": ("very unlikely", "很不可能"),
    # a target decided by published figures, and one that cannot be judged
    "verdict.decided_met": ("met (published)", "已达成（公布数据）"),
    "verdict.decided_missed": ("missed (published)", "未达成（公布数据）"),
    "verdict.short.decided_met": ("met (published)", "已达成（公布数据）"),
    "verdict.short.decided_missed": ("missed (published)", "未达成（公布数据）"),
    "verdict.not_assessable": ("not assessable", "无法评估"),
    "verdict.short.not_assessable": ("not assessable", "无法评估"),
    # a P(met) whose 95% Monte Carlo interval straddles a band's cut
    "verdict.near_cut": ("near the {cut} cut", "接近{cut}分界"),
    "verdict.separator": (", ", "，"),
    "verdict.col": ("verdict", "判断"),
    "verdict.board_title": (
        "Targets at a glance: probability of being met, and its verdict",
        "目标一览：达成概率及判断",
    ),
    "verdict.legend": ("verdict: likelihood of P(met)", "判断：达成概率所在区间"),
    "verdict.bands_note": (
        "Verdict: the likelihood band of P(met) (IPCC calibrated language): very likely ≥ 90%, "
        "likely 66–90%, about as likely as not 33–66%, unlikely 10–33%, very unlikely ≤ 10%; "
        "“near the 66% cut”: the 95% Monte Carlo interval of P(met) straddles that cut, so "
        "another seed may give the neighbouring band",
        "判断：达成概率所在区间（采用IPCC校准用语）：很可能≥90%，可能66%–90%，或许可能33%–66%，"
        "不太可能10%–33%，很不可能≤10%；“接近66%分界”：达成概率的95%蒙特卡洛区间跨越该分界，"
        "换一个随机种子可能落入相邻区间",
    ),
    # the retrospective statuses: what they were computed on, or why not
    "verdict.status_col_statcan": ("StatCan (observed)", "加统计局法（观测）"),
    "verdict.status_col_unsd": ("UNSD (observed)", "联合国统计司法（观测）"),
    "verdict.status_basis_observed": ("observed progress {years}", "{years}年观测进展"),
    "verdict.status_basis_published": ("published figures {years}", "公布数据（{years}）"),
    "verdict.status_no_base_figure": (
        "no published figure for the base year {year}",
        "基期{year}年无公布数据",
    ),
    "verdict.status_no_later_figure": (
        "no published figure after the base year {year}",
        "基期{year}年之后无公布数据",
    ),
    "verdict.status_base_not_positive": (
        "the base-year figure is not positive: growth is undefined",
        "基期数据不为正数，无法计算增速",
    ),
    "verdict.status_not_simulated": ("the indicator is not modelled", "该指标未纳入模拟"),
    "verdict.status_with_years": ("{status} ({years})", "{status}（{years}）"),
    "verdict.status_why": (
        "not assessable ({reason}): {targets}",
        "无法评估（{reason}）：{targets}",
    ),
    "verdict.status_note": (
        "StatCan and UNSD statuses are retrospective: progress from the base year to the latest "
        "published figure, never from assumed values or projections",
        "加统计局法与联合国统计司法状态均为回顾性评估：仅依据从基期到最新公布数据的实际进展，"
        "不依据假设值或预测值",
    ),
    # probabilities below what the draws resolve
    "verdict.p_below": ("< {p}", "<{p}"),
    "verdict.p_above": ("> {p}", ">{p}"),
    "verdict.p_interval95": ("95% interval {lo}–{hi}", "95%区间{lo}–{hi}"),
    "verdict.p_range": ("{lo}–{hi}", "{lo}–{hi}"),
    "verdict.p_frechet": (
        "whatever the dependence between targets: {lo}–{hi} (Fréchet bounds)",
        "无论目标间相关性如何：{lo}–{hi}（弗雷歇界）",
    ),
    # the briefing's headline and method, in the verdict's words
    "verdict.headline": (
        "{likely} of the {n} targets are likely or very likely to be met (P(met) ≥ 66%) and "
        "{unlikely} unlikely or very unlikely (P(met) ≤ 33%); the chance that all {n} are met "
        "is {p_all} ({bounds} whatever the dependence between targets); about {expected} are "
        "expected to be met.",
        "{n}项目标中{likely}项可能或很可能达成（达成概率≥66%），{unlikely}项不太可能或很不可能达成"
        "（达成概率≤33%）；全部达成的概率为{p_all}（无论目标间相关性如何均在{bounds}之间）；"
        "预期约达成{expected}项。",
    ),
    "verdict.headline_decided": (
        "Published figures decide {decided} of the {n} targets ({met} met, {missed} missed); of "
        "the other {open}, {likely} are likely or very likely to be met (P(met) ≥ 66%) and "
        "{unlikely} unlikely or very unlikely (P(met) ≤ 33%). The chance that all {n} are met "
        "is {p_all} ({bounds} whatever the dependence between targets); about {expected} are "
        "expected to be met.",
        "{n}项目标中{decided}项已由公布数据确定（{met}项达成，{missed}项未达成）；其余{open}项中"
        "{likely}项可能或很可能达成（达成概率≥66%），{unlikely}项不太可能或很不可能达成"
        "（达成概率≤33%）。全部达成的概率为{p_all}（无论目标间相关性如何均在{bounds}之间）；"
        "预期约达成{expected}项。",
    ),
    "verdict.method_draws": (
        "Monte Carlo simulation, {draws} draws (seed {seed}); every P(met) is given with its 95% "
        "Wilson interval (at most ±{width}); P(all met) is {p_all} (95% interval {interval}). "
        "A probability the draws cannot resolve is written “< 0.1%”, never “0.0%”.",
        "蒙特卡洛模拟 {draws} 次（随机种子 {seed}）；每项达成概率均附95% Wilson区间（最宽±{width}）；"
        "全部达成的概率为{p_all}（95%区间{interval}）。模拟次数无法分辨的概率写作“<0.1%”，"
        "而非“0.0%”。",
    ),
    "verdict.method_statcan": (
        "Progress so far (Statistics Canada / Open SDG), retrospective: the ratio of the growth "
        "from the base year to the latest published figure to the growth required ≥ 0.95 on "
        "track, 0.60–0.95 acceleration needed, 0–0.60 limited progress, < 0 deterioration; a "
        "target read as growth in every year compares its worst published year with the rate "
        "required each year; without a published figure after the base year, not assessable.",
        "迄今进展（加拿大统计局/Open SDG 方法，回顾性）：从基期到最新公布数据的实际增长与所需增长之比"
        "≥0.95 按期可达，0.60–0.95 需加速，0–0.60 进展有限，<0 倒退；按“逐年增长”解读的目标以"
        "已公布年份中最低的年增速对比每年所需增速；基期之后无公布数据的，无法评估。",
    ),
    "verdict.method_unsd": (
        "UNSD Progress Chart, retrospective: the observed growth extended to the deadline, its "
        "progress as a ratio of the progress required ≥ 0.95, 0.10–0.95, < 0.10. Neither status "
        "says “target achieved” unless published figures decide the target.",
        "联合国统计司进展图方法（回顾性）：将已观测增速延伸至目标年，其进展与所需进展之比 ≥0.95、"
        "0.10–0.95、<0.10。除非公布数据已确定目标达成，两种状态均不会判定为“目标已实现”。",
    ),
}
