"""Labels of the rolling-origin backtest (collected into :data:`ipsim.i18n.LABELS`).

``ipsim backtest --rolling``, its chart (:mod:`ipsim.charts.rolling`), the sentence the
briefing's method section quotes (:func:`ipsim.views.rolling.coverage_sentence`) and the names of
the reference families (see :mod:`ipsim.analysis.rolling`).
"""

LABELS: dict[str, tuple[str, str]] = {
    "rolling.title": (
        "Rolling-origin backtest of the method on the bundled reference series",
        "方法的滚动起点回测（基于内置参考序列）",
    ),
    "rolling.intro": (
        "{points} later figures of {series} series scored, origins {first_origin}-{last_origin}; "
        "each forecast uses only what was published by the end of its origin year.",
        "共对 {series} 个序列的 {points} 个后续数据评分，起点 {first_origin}–{last_origin} 年；"
        "每次预测只使用起点年末之前已发布的数据。",
    ),
    "rolling.col_family": ("family", "序列类别"),
    "rolling.col_series": ("series", "序列数"),
    "rolling.col_points": ("figures", "数据数"),
    "rolling.col_cover50": ("50% covers", "50% 区间覆盖"),
    "rolling.col_cover90": ("90% covers", "90% 区间覆盖"),
    "rolling.col_crps": ("CRPS", "CRPS"),
    "rolling.col_crps_naive": ("CRPS walk", "CRPS（随机游走）"),
    "rolling.col_skill": ("skill", "技能得分"),
    "rolling.all": ("all", "全部"),
    "rolling.footer": (
        "Coverage: share of later figures inside the forecast's central 50% and 90% intervals "
        "(calibrated: near 50% and 90%). CRPS of the log figure (a relative error); skill = "
        "1 - CRPS / CRPS of a random walk without drift (above 0: better than the walk). "
        "Drift damped by phi {phi} and wandering with sd {drift_change_sd} a year at the last "
        "origin, both learnt from the reference series published by each origin.",
        "覆盖率：后续数据落在预测中心 50% 与 90% 区间内的比例（校准良好时接近 50% 与 90%）。"
        "CRPS 按对数值计算（相对误差）；技能得分 = 1 - CRPS / 无漂移随机游走的 CRPS（大于 0 即优于"
        "随机游走）。最后一个起点的漂移阻尼系数 phi 为 {phi}，漂移每年变动的标准差为 "
        "{drift_change_sd}，二者均仅由各起点之前已发布的参考序列估计。",
    ),
    "rolling.sentence": (
        "In a rolling-origin backtest over {points} figures of {series} Chinese IP series "
        "({first}-{last}), the 90% intervals covered {cover90} and the 50% intervals {cover50}; "
        "CRPS skill against a random walk {skill}.",
        "在对 {series} 个中国知识产权序列（{first}–{last} 年）共 {points} 个数据的滚动起点回测中，"
        "90% 区间覆盖了 {cover90}，50% 区间覆盖了 {cover50}；相对随机游走的 CRPS 技能得分为 "
        "{skill}。",
    ),
    "rolling.skipped": (
        "{n} series or origins not scored (too few figures published before a later one; "
        "listed in --format json)",
        "{n} 个序列或起点未评分（在后续数据之前发布的数据太少；见 --format json）",
    ),
    "rolling.chart_pit_title": (
        "Where each figure fell in its forecast (PIT): flat if calibrated",
        "各数据在其预测分布中的位置（PIT）：校准良好时应均匀",
    ),
    "rolling.chart_pit_x": (
        "PIT: share of the forecast below the figure (0-1)",
        "PIT：预测分布中低于实际数据的比例（0–1）",
    ),
    "rolling.chart_pit_y": ("Figures (count)", "数据个数（个）"),
    "rolling.chart_pit_flat": ("flat (calibrated)", "均匀（校准良好）"),
    "rolling.chart_cover_title": (
        "Share of figures inside the forecast intervals, by family (dashed: nominal 50% and 90%)",
        "各类别数据落在预测区间内的比例（虚线：名义 50% 与 90%）",
    ),
    "rolling.chart_cover_x": ("Coverage (% of figures)", "覆盖率（数据占比，%）"),
    "rolling.chart_cover_y": ("Reference family (figures scored)", "参考序列类别（评分数据个数）"),
    "rolling.chart_interval": ("interval", "区间"),
    "rolling.interval50": ("50% interval", "50% 区间"),
    "rolling.interval90": ("90% interval", "90% 区间"),
    "rolling.chart_title": (
        "Rolling-origin backtest: {points} figures of {series} series, 90% intervals cover "
        "{cover90}, 50% cover {cover50}",
        "滚动起点回测：{series} 个序列共 {points} 个数据，90% 区间覆盖 {cover90}，50% 区间覆盖 "
        "{cover50}",
    ),
    # the reference families (ipsim/data/reference/families.csv)
    "rolling.family.copyright_share": ("copyright industries, % of GDP", "版权产业占GDP比重"),
    "rolling.family.counterfeit_patent_cases": ("counterfeit patent cases", "假冒专利案件"),
    "rolling.family.enforcement_closure_rate": (
        "patent enforcement closure rate",
        "专利执法结案率",
    ),
    "rolling.family.gbt29490_enterprises": (
        "firms certified to GB/T 29490",
        "贯彻GB/T 29490认证企业",
    ),
    "rolling.family.high_value_patents_per_10k": (
        "high-value invention patents per 10,000 people",
        "每万人口高价值发明专利拥有量",
    ),
    "rolling.family.invention_patent_applications": (
        "invention patent applications",
        "发明专利申请量",
    ),
    "rolling.family.invention_patent_applications_per_10k": (
        "invention applications per 10,000 people",
        "每万人口发明专利申请量",
    ),
    "rolling.family.invention_patent_grants": ("invention patent grants", "发明专利授权量"),
    "rolling.family.invention_patent_grants_per_10k": (
        "invention grants per 10,000 people",
        "每万人口发明专利授权量",
    ),
    "rolling.family.invention_patents_in_force": (
        "invention patents in force",
        "有效发明专利量",
    ),
    "rolling.family.ip_protection_satisfaction": (
        "IP protection satisfaction",
        "知识产权保护社会满意度",
    ),
    "rolling.family.ip_royalty_trade": ("IP royalty trade", "知识产权使用费进出口额"),
    "rolling.family.overseas_invention_grants": (
        "invention grants abroad",
        "海外发明专利授权量",
    ),
    "rolling.family.patent_agencies": ("patent agencies", "专利代理机构"),
    "rolling.family.patent_agents": ("patent agents", "专利代理师"),
    "rolling.family.patent_applications": ("patent applications", "专利申请量"),
    "rolling.family.patent_applications_per_10k": (
        "patent applications per 10,000 people",
        "每万人口专利申请量",
    ),
    "rolling.family.patent_enforcement_cases": ("patent enforcement cases", "专利执法案件"),
    "rolling.family.patent_grants": ("patent grants", "专利授权量"),
    "rolling.family.patent_grants_per_10k": (
        "patent grants per 10,000 people",
        "每万人口专利授权量",
    ),
    "rolling.family.patent_insured_firms": ("firms with patent insurance", "投保专利保险企业"),
    "rolling.family.patent_intensive_share": (
        "patent-intensive industries, % of GDP",
        "专利密集型产业增加值占GDP比重",
    ),
    "rolling.family.patents_in_force": ("patents in force", "有效专利量"),
    "rolling.family.patents_insured": ("patents insured", "投保专利数"),
    "rolling.family.patents_per_10k": (
        "invention patents per 10,000 people",
        "每万人口发明专利拥有量",
    ),
    "rolling.family.pct_applications": ("PCT applications", "PCT国际专利申请量"),
    "rolling.family.pledge_financing": ("IP pledge financing", "知识产权质押融资额"),
    "rolling.family.rd_intensity": ("R&D spending, % of GDP", "研发经费投入强度"),
    "rolling.family.service_invention_patent_applications": (
        "service invention applications",
        "职务发明专利申请量",
    ),
    "rolling.family.service_patent_grants": ("service patent grants", "职务专利授权量"),
    "rolling.family.technology_contracts": ("technology contract turnover", "技术合同成交额"),
    "rolling.family.trademark_agencies": ("trademark agencies", "商标代理机构"),
    "rolling.family.trademark_applications": ("trademark applications", "商标申请量"),
    "rolling.family.trademark_pledge_financing": (
        "trademark pledge financing",
        "商标质押融资额",
    ),
    "rolling.family.trademark_registrations": ("trademark registrations", "商标注册量"),
    "rolling.family.trademarks_in_force": ("trademarks in force", "有效商标注册量"),
}
