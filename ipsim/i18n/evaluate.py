"""Labels of the mid-term evaluation (:mod:`ipsim.analysis.evaluate`), collected into
:data:`ipsim.i18n.LABELS`.

The four classes are the words of China's Five-Year Plan mid-term evaluation reports (提前实现,
快于预期, 基本符合预期, 滞后; see :mod:`ipsim.analysis.evaluate`); the attributes are the plans' own 约束性 (binding) and 预期性 (indicative).
"""

LABELS: dict[str, tuple[str, str]] = {
    # the classes
    "evaluate.class.achieved_early": ("achieved early", "提前实现"),
    "evaluate.class.ahead": ("ahead of schedule", "快于预期"),
    "evaluate.class.on_schedule": ("broadly on schedule", "基本符合预期"),
    "evaluate.class.behind": ("behind schedule", "滞后"),
    "evaluate.class.not_assessable": ("not assessable", "无法评估"),
    # the attributes
    "evaluate.attribute.binding": ("binding", "约束性"),
    "evaluate.attribute.indicative": ("indicative", "预期性"),
    "evaluate.attribute.not_stated": ("not stated", "未注明"),
    # why a target is not assessable
    "evaluate.reason.no_threshold": (
        "the target value is not published in the sources used",
        "所用资料未公布目标值",
    ),
    "evaluate.reason.no_base": (
        "no published figure for the base year {year}",
        "无基年（{year}年）公布数据",
    ),
    "evaluate.reason.no_latest": (
        "no figure after the base year published by {as_of}",
        "截至{as_of}尚无基年之后的公布数据",
    ),
    "evaluate.reason.kind": (
        "progress is not defined for a target of the kind '{kind}'",
        "“{kind}”类目标无进度可言",
    ),
    "evaluate.reason.not_positive": (
        "growth needs positive base and latest figures",
        "计算增速需基年值和最新值均为正",
    ),
    "evaluate.reason.no_gap": (
        "the target equals the base value",
        "目标值与基年值相同",
    ),
    # a class with the reason it is not assessable, and the evaluation date
    "evaluate.with_note": ("{cls} ({note})", "{cls}（{note}）"),
    "evaluate.date_year": ("{year}", "{year}年"),
    "evaluate.date_month": ("{year}-{month:02d}", "{year}年{month}月"),
    # column headings of the table
    "evaluate.col.target": ("target", "指标"),
    "evaluate.col.attribute": ("attribute", "属性"),
    "evaluate.col.lead": ("lead agency", "牵头单位"),
    "evaluate.col.unit": ("unit", "单位"),
    "evaluate.col.base_year": ("base year", "基年"),
    "evaluate.col.base_value": ("base value", "基年值"),
    "evaluate.col.latest_year": ("latest year", "最新数据年份"),
    "evaluate.col.latest_value": ("latest figure", "最新值"),
    "evaluate.col.goal": ("target value", "目标值"),
    "evaluate.col.deadline": ("deadline", "目标年"),
    "evaluate.col.progress": ("progress share", "完成进度"),
    "evaluate.col.elapsed": ("time elapsed", "时间进度"),
    "evaluate.col.class": ("class", "评估结论"),
    "evaluate.col.note": ("note", "说明"),
    "evaluate.col.p_met": ("P(met)", "实现概率"),
    "evaluate.col.verdict": ("verdict", "判断"),
    # title, rule and totals
    "evaluate.title": (
        "Mid-term evaluation of {plan}, as of {as_of}",
        "{plan}中期评估（截至{as_of}）",
    ),
    "evaluate.rule": (
        "Rule: achieved early if the latest figure meets the target; otherwise ahead if the "
        "progress share is at least the share of time elapsed plus {margin} percentage points, "
        "behind if it is below that share minus {margin} points, broadly on schedule in between ('half the time, half "
        "the tasks'). Time elapsed is read at the end of the year the latest figure describes, the same point as the "
        "progress. Growth targets are measured on the compounding scale. The {margin}-point margin is "
        "ipsim's choice: the evaluation reports compare progress with time elapsed (the practice of the "
        "NDRC's mid-term evaluation of the 12th Five-Year Plan, reported to the NPC Standing Committee in "
        "December 2013) but state no number.",
        "规则：最新值已达到目标的为提前实现；否则完成进度不低于时间进度加{margin}个百分点的为快于预期，"
        "低于时间进度减{margin}个百分点的为滞后，其间为基本符合预期（“时间过半、任务过半”）。"
        "时间进度按最新数据所属年份的年末计算，与完成进度取同一时点。增速目标按复合增长计算进度。"
        "{margin}个百分点的容差为本工具自定：评估报告只比较完成进度与时间进度，未给出数值（此做法见国家发展改革委"
        "“十二五”规划纲要实施中期评估，2013年12月向全国人大常委会报告）。",
    ),
    "evaluate.totals": ("Totals: {counts}", "合计：{counts}"),
    "evaluate.by_attribute": ("{attribute}: {counts}", "{attribute}指标：{counts}"),
    "evaluate.count": ("{label} {n}", "{label}{n}项"),
    "evaluate.count_separator": (", ", "，"),
    # this year's figures: reference periods, seasonal shares and full-year estimates
    "evaluate.period_year": ("{year}", "{year}年"),
    "evaluate.period_january": ("Jan {year}", "{year}年1月"),
    # {month} is the month's English abbreviation in English, its number in Chinese
    "evaluate.period_months": ("Jan-{month} {year}", "{year}年1-{month}月"),
    "evaluate.period_end": ("end-{month} {year}", "{year}年{month}月末"),
    "evaluate.year_separator": (", ", "、"),
    "evaluate.share_calendar": (
        "no past year gives this period and the full year, so the share is the part of the "
        "calendar elapsed, {share} (log-scale sd {sd:.3f}, the part missing)",
        "以往年份无同期与全年数据，按日历进度取{share}（对数标准差{sd:.3f}，即未过月份占比）",
    ),
    "evaluate.share_one_year": (
        "seasonal share {share} from {years} (one year gives no spread: log-scale sd "
        "{sd:.3f}, the calendar's)",
        "季节占比{share}，取自{years}年（仅一年，无离散度：对数标准差取日历进度的{sd:.3f}）",
    ),
    "evaluate.share_history": (
        "seasonal share {share} from {years} ({n} years; log-scale sd {sd:.3f} for a new year)",
        "季节占比{share}，取自{years}年（{n}年；新一年的对数标准差{sd:.3f}）",
    ),
    "evaluate.estimate_flow": (
        "full-year estimate {estimate} = {period} figure {value} / {share}",
        "全年估计{estimate} = {period}数据{value} ÷ {share}",
    ),
    "evaluate.estimate_level": (
        "year-end level taken as the {period} level {value} (log-scale sd {sd:.3f}, "
        "widened for the months still to come)",
        "年末水平按{period}水平{value}计（对数标准差{sd:.3f}，按剩余月份放宽）",
    ),
    "evaluate.estimate_line": ("{target}: {basis}", "{target}：{basis}"),
    "evaluate.col.latest_period": ("period of the latest figure", "最新数据期间"),
    "evaluate.col.latest_basis": ("how the latest figure was read", "最新值来源"),
    # how P(met) moved with each release
    "evaluate.releases_title": (
        "How P(met) moved with each release ({draws:,} draws a release)",
        "各次数据发布后实现概率的变化（每次{draws:,}次抽样）",
    ),
    "evaluate.sheet_releases": ("releases", "数据发布与实现概率"),
    "evaluate.col.published": ("published", "发布时间"),
    "evaluate.col.indicator": ("indicator", "统计指标"),
    "evaluate.col.period": ("period", "数据期间"),
    "evaluate.col.value": ("figure", "数值"),
    "evaluate.col.p_met_before": ("P(met) before", "发布前实现概率"),
    "evaluate.col.p_met_after": ("P(met) after", "发布后实现概率"),
    "evaluate.expected_met": (
        "Expected number of targets met by their deadlines: {expected:.1f} of {n} with a P(met)",
        "预计到期实现的目标数：{expected:.1f}项（共{n}项有实现概率）",
    ),
    # the latest figure when it is a full-year estimate, and the class resting on one
    "evaluate.marked_flow": (
        "est. {estimate} for {year} ({period}: {value})",
        "{year}年全年估计{estimate}（据{period}{value}）",
    ),
    "evaluate.marked_level": ("{value} ({period})", "{value}（{period}）"),
    "evaluate.period_estimate": ("{year} (est. from {period})", "{year}年（据{period}估计）"),
    "evaluate.reason.calendar": (
        "resting on {period} scaled by the calendar, no seasonal history: very uncertain",
        "依据{period}数据按日历折算，无季节规律可依，不确定性大",
    ),
    # whether a release's figure is the one the evaluation uses
    "evaluate.col.used": ("used", "是否采用"),
    "evaluate.used": ("used", "采用"),
    "evaluate.unused.other": (
        "not used: {value} (line {line}) was picked for {year} by the selection rule",
        "未采用：按取数规则{year}年取{value}（第{line}行）",
    ),
    "evaluate.unused.partial": (
        "not a latest figure: a partial-year figure whose period is written only in its text; "
        "calibration reads such a figure only as evidence of the trend or the year-end level",
        "不作最新值：部分年份数据，期间仅见于文字说明；校准时仅作趋势或年末水平的佐证",
    ),
    "evaluate.unused.lower_bound": (
        "not a latest figure: a lower bound, not a published level; calibration reads it only "
        "as evidence",
        "不作最新值：为下限，非公布数值；校准时仅作佐证",
    ),
    "evaluate.unused.skipped": (
        "not used: not a full-year figure of the plan's scope and unit",
        "未采用：非本规划口径和单位的全年数据",
    ),
}
