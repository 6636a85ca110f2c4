"""Labels of PRIM scenario discovery (collected into :data:`ipsim.i18n.LABELS`).

The plain thresholds of :meth:`ipsim.analysis.prim.PrimResult.thresholds_text`: the chosen box
restated as limits an agency can monitor, with the share of cases of interest (misses) it holds
and the share of cases inside it that are of interest.
"""

LABELS: dict[str, tuple[str, str]] = {
    "prim.below": ("{name} below {value}", "{name}低于{value}"),
    "prim.above": ("{name} above {value}", "{name}高于{value}"),
    "prim.between": ("{name} between {low} and {high}", "{name}介于{low}与{high}之间"),
    "prim.and": (" and ", "且"),
    "prim.box": (
        "{conditions}: {coverage} of misses, {density} of cases inside miss",
        "{conditions}：占未达成情形的 {coverage}，框内 {density} 的情形未达成",
    ),
    "prim.box_scenarios": (
        "{conditions}: {coverage} of the scenarios likely to miss (P(met) below {below}), "
        "{density} of the scenarios inside likely to miss",
        "{conditions}：占可能未达成情景（达成概率低于{below}）的 {coverage}，框内 {density} 的情景可能未达成",
    ),
    "prim.no_box": (
        "no box found: no step of the peeling trajectory reaches a density of {threshold}",
        "未找到区域：剥离轨迹中没有一步的密度达到 {threshold}",
    ),
    "prim.no_box_base": (
        "no box needed: {base} of all cases already miss, at or above the density wanted "
        "({threshold}); no restriction of the inputs is needed",
        "无需限定区域：全部情形中已有 {base} 未达成，不低于所要求的密度（{threshold}），无需限定输入",
    ),
}
