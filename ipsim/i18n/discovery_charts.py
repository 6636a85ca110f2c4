"""Labels of the scenario-discovery charts (:mod:`ipsim.charts.discovery`): the PRIM trade-off
between coverage and density along the peeling trajectory, and the chosen box drawn input by
input (collected into :data:`ipsim.i18n.LABELS`)."""

LABELS: dict[str, tuple[str, str]] = {
    # the trade-off (ipsim.charts.discovery.tradeoff_chart)
    "discovery_charts.tradeoff_title": (
        "Coverage against density while peeling: {target}",
        "剥离轨迹上的覆盖率与密度：{target}",
    ),
    "discovery_charts.tradeoff_title_plain": (
        "Coverage against density while peeling",
        "剥离轨迹上的覆盖率与密度",
    ),
    "discovery_charts.cases": (
        "{n:,} cases, {k:,} of them miss ({base}); each point a step of peeling",
        "共{n:,}种情形，其中{k:,}种未达成（{base}）；每个点为一步剥离",
    ),
    "discovery_charts.chosen": (
        "chosen box (step {step}): {coverage} of misses inside, {density} of cases inside miss",
        "选定区域（第{step}步）：含 {coverage} 的未达成情形，框内 {density} 的情形未达成",
    ),
    "discovery_charts.chosen_pasted": (
        "chosen box (step {step}, widened by pasting): {coverage} of misses inside, "
        "{density} of cases inside miss",
        "选定区域（第{step}步，经粘补放宽）：含 {coverage} 的未达成情形，框内 {density} 的情形未达成",
    ),
    "discovery_charts.chosen_mark": (
        "chosen box ({coverage}, {density})",
        "选定区域（{coverage}，{density}）",
    ),
    "discovery_charts.coverage_axis": (
        "coverage: share of all misses inside the box (%)",
        "覆盖率：框内未达成情形占全部未达成情形的比例（%）",
    ),
    "discovery_charts.density_axis": (
        "density: share of cases inside the box that miss (%)",
        "密度：框内情形中未达成的比例（%）",
    ),
    "discovery_charts.restricted": ("inputs restricted", "受限输入数"),
    "discovery_charts.step": ("step", "剥离步"),
    "discovery_charts.coverage": ("coverage", "覆盖率"),
    "discovery_charts.density": ("density", "密度"),
    "discovery_charts.mass": (
        "mass (share of all cases inside)",
        "质量（框内情形占全部情形的比例）",
    ),
    "discovery_charts.base_rate": (
        "base rate {base}: share of all cases that miss",
        "基准比例 {base}：全部情形中未达成的比例",
    ),
    "discovery_charts.threshold": ("density wanted {threshold}", "要求的密度 {threshold}"),
    # the box (ipsim.charts.discovery.box_chart)
    "discovery_charts.box_title": (
        "Where the misses concentrate: {target}",
        "未达成集中的区域：{target}",
    ),
    "discovery_charts.box_title_plain": (
        "Where the misses concentrate",
        "未达成集中的区域",
    ),
    "discovery_charts.box_subtitle": (
        "the box holds {coverage} of all misses (coverage); {density} of the cases inside it "
        "miss (density); it holds {mass} of all cases",
        "该区域含全部未达成情形的 {coverage}（覆盖率）；框内 {density} 的情形未达成（密度）；"
        "占全部情形的 {mass}",
    ),
    "discovery_charts.box_key": (
        "grey: the input's range in the cases; coloured: the box; quasi-p: small when the limit "
        "matters",
        "灰色：该输入在全部情形中的范围；彩色：选定区域；准p值越小，该界限越重要",
    ),
    "discovery_charts.limit": ("{value} (quasi-p {p})", "{value}（准p值 {p}）"),
    "discovery_charts.stability": (
        "{name} · restricted in {share} of bootstrap resamples",
        "{name} · 自助重抽样中 {share} 的区域限定此项",
    ),
    "discovery_charts.input": ("input", "输入"),
    "discovery_charts.range": ("range in the cases", "全部情形中的范围"),
    "discovery_charts.box_range": ("the box", "选定区域"),
    "discovery_charts.qp_lower": ("quasi-p, lower limit", "下限准p值"),
    "discovery_charts.qp_upper": ("quasi-p, upper limit", "上限准p值"),
    "discovery_charts.stable": ("stability", "稳定性"),
    "discovery_charts.unbounded": ("none", "无"),
}
