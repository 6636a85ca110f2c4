"""Labels of goal-seek across the funding elasticity (collected into :data:`ipsim.i18n.LABELS`).

The table of ``ipsim goalseek`` under the answers, the "what it takes" chart and the explorer's
sentence: the setting a target needs with the funding elasticity theta held at its 10th, 50th and
90th percentiles, and how much of the answer's spread is theta rather than chance (see
:mod:`ipsim.analysis.goalseek`).
"""

LABELS: dict[str, tuple[str, str]] = {
    "goalseek.theta_title": (
        "Funding elasticity θ: the setting needed with θ held at its 10th, 50th and 90th "
        "percentiles in every draw (the rest of the uncertainty as it is)",
        "资金弹性 θ：在每次抽样中将 θ 固定于其第 10、50、90 百分位（其余不确定性不变）时的所需取值",
    ),
    "goalseek.col_theta_at": ("at θ p{q}", "θ 取第 {q} 百分位"),
    "goalseek.col_theta_uncertain": ("θ uncertain", "θ 不确定"),
    "goalseek.col_theta_share": ("θ share of spread", "θ 占离散的比重"),
    "goalseek.at_theta": ("{value} (θ {theta})", "{value}（θ {theta}）"),
    "goalseek.role_none": (
        "θ does not move this answer: the lever changes no budget the indicator follows, "
        "and its budget is as planned",
        "θ 不影响此答案：该调节手段不改变指标所对应的资金，且该资金保持计划水平",
    ),
    "goalseek.role_fixed": (
        "θ is fixed at {theta} in the scenario: one answer",
        "情景中 θ 固定为 {theta}：只有一个答案",
    ),
    "goalseek.theta_footer": (
        "θ share: how much of the answer's spread is the funding elasticity rather than Monte "
        "Carlo error, sd_θ² / (sd_θ² + sd_MC²), with sd_θ the distance between the θ-p10 and "
        "θ-p90 answers / 2.56 and sd_MC the width of the MC range / 3.92; 100% where θ decides "
        "whether the target can be reached at all.",
        "θ 比重：答案的离散中有多少来自资金弹性而非蒙特卡洛误差，即 sd_θ² / (sd_θ² + sd_MC²)，"
        "其中 sd_θ 为 θ 第 10 与第 90 百分位答案之差 / 2.56，sd_MC 为蒙特卡洛区间宽度 / 3.92；"
        "若 θ 决定目标能否达到，则为 100%。",
    ),
    "goalseek.chart_theta": (
        "θ p10–p90 ({t10}–{t90}): needed {v10} – {v90}",
        "θ 第 10–90 百分位（{t10}–{t90}）：所需 {v10} – {v90}",
    ),
    "goalseek.chart_theta_fixed": ("θ fixed at {theta}", "θ 固定为 {theta}"),
    "goalseek.chart_theta_none": ("θ does not move this answer", "θ 不影响此答案"),
    "goalseek.sentence": (
        " It hinges on the funding elasticity θ. With θ at its 10th percentile ({t10}): "
        "{v10}; at its median ({t50}): {v50}; at its 90th percentile ({t90}): {v90}.",
        "答案取决于资金弹性 θ：θ 取第 10 百分位（{t10}）时{v10}；取中位数（{t50}）时"
        "{v50}；取第 90 百分位（{t90}）时{v90}。",
    ),
    "goalseek.sentence_share": (
        " θ makes {share} of the answer's spread, Monte Carlo error the rest.",
        "答案的离散中 θ 占 {share}，其余为蒙特卡洛误差。",
    ),
    "goalseek.unreachable": ("not reachable", "无法达到"),
    # the notes of an answer (ipsim.analysis.goalseek.GoalSeekResult.notes); in English a lever
    # and a target are named by their ids, in Chinese by their labels
    "goalseek.note.separator": ("; ", "；"),
    "goalseek.note.unreachable": (
        "not reachable within {lever} in [{low:g}, {high:g}]: P(met) reaches {best:.1%} at {at:g}",
        "{lever}在{low:g}–{high:g}范围内无法达到：最高达成概率{best:.1%}（取值{at:g}）",
    ),
    "goalseek.note.at_lower_bound": (
        "P(met) >= {p:.0%} already at the lower bound {bound:g}",
        "取下限{bound:g}时达成概率已不低于{p:.0%}",
    ),
    "goalseek.note.at_upper_bound": (
        "P(met) >= {p:.0%} already at the upper bound {bound:g}",
        "取上限{bound:g}时达成概率已不低于{p:.0%}",
    ),
    "goalseek.note.hurts_cost": (
        "more {lever} lowers P(met) of {target}: the largest cost that still gives P(met) >= "
        "{p:.0%}",
        "该调节手段越大，“{target}”的达成概率越低：所求为仍能使达成概率不低于{p:.0%}的最高{lever}",
    ),
    "goalseek.note.hurts_setting": (
        "more {lever} lowers P(met) of {target}: the largest setting that still gives P(met) >= "
        "{p:.0%}",
        "该调节手段越大，“{target}”的达成概率越低：所求为仍能使达成概率不低于{p:.0%}的{lever}最大取值",
    ),
    "goalseek.note.not_moving": ("{lever} does not move {target}", "{lever}不影响“{target}”"),
    "goalseek.note.decided": (
        "decided by published figures ({verdict_key}): no lever changes it",
        "已由公布数据确定（{verdict_key}）：任何调节手段都无法改变",
    ),
    "goalseek.note.decided_only": (
        "decided by published figures ({verdict_key})",
        "已由公布数据确定（{verdict_key}）",
    ),
    "goalseek.note.no_lever": (
        "no {kind} lever moves {indicator} (it has no such programme or trend)",
        "没有{kind}类调节手段影响{indicator}（无对应资金项目或趋势）",
    ),
    "goalseek.note.funding_of": ("funding of {programme}", "{programme}资金"),
    "goalseek.note.kind_funding": ("funding", "资金"),
    "goalseek.note.kind_growth": ("growth", "趋势"),
    "goalseek.note.trend_of": ("trend of {indicator}", "{indicator}增长趋势"),
    "goalseek.note.cost_of": ("unit cost of {indicator}", "{indicator}单位成本"),
    "goalseek.at_least": ("at least {value}", "至少 {value}"),
    "goalseek.at_most": ("at most {value}", "至多 {value}"),
}
