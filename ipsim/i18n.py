"""Labels in English and simplified Chinese, and number formats for display.

Every label a table, chart or message shows lives here, keyed by a stable id, so a new
language is one more column. ``lang="zh"`` means simplified Chinese (zh-Hans); the plan's own
sentences are quoted as published and never pass through here.
"""

from __future__ import annotations

import math
from typing import Literal

Lang = Literal["en", "zh"]
LANGS: tuple[str, ...] = ("en", "zh")

LABELS: dict[str, tuple[str, str]] = {
    # statuses, Statistics Canada / Open SDG
    "target_achieved": ("target achieved", "目标已实现"),
    "on_track": ("on track", "按期可达"),
    "acceleration_needed": ("acceleration needed", "需加速"),
    "limited_progress": ("limited progress", "进展有限"),
    "deterioration": ("deterioration", "倒退"),
    "not_assessable": ("not assessable", "无法评估"),
    # statuses, UNSD progress chart
    "limited_or_no_progress": ("limited or no progress", "进展有限或无进展"),
    # probability ratings (IPCC calibrated language)
    "virtually_certain": ("virtually certain", "几乎确定"),
    "very_likely": ("very likely", "很可能"),
    "likely": ("likely", "可能"),
    "about_as_likely_as_not": ("about as likely as not", "可能性约一半"),
    "unlikely": ("unlikely", "不太可能"),
    "very_unlikely": ("very unlikely", "很不可能"),
    "exceptionally_unlikely": ("exceptionally unlikely", "极不可能"),
    # target kinds and readings
    "cagr": ("average annual growth (CAGR)", "年均增长（复合增长率）"),
    "yoy_each_year": ("growth in every year", "逐年增长"),
    "level": ("level at deadline", "期末水平"),
    "share": ("share at deadline", "期末比例"),
    "every_year": ("every year in window", "每年均达到"),
    "cumulative": ("cumulative", "累计"),
    # confidence of a baseline
    "high": ("observed (high)", "观测（高可信）"),
    "medium": ("observed (medium)", "观测（中可信）"),
    "low": ("observed (low)", "观测（低可信）"),
    "assumed": ("assumed", "假设"),
    # table headings
    "col_id": ("target", "目标"),
    "col_label": ("target", "目标"),
    "col_p_met": ("P(met)", "达成概率"),
    "col_median": ("median", "中位数"),
    "col_interval": ("90% interval", "90%区间"),
    "col_threshold": ("threshold", "目标值"),
    "col_required": ("required /yr", "所需年增速"),
    "col_statcan": ("StatCan status", "加统计局法"),
    "col_unsd": ("UNSD status", "联合国统计司法"),
    "col_rating": ("rating", "可能性"),
    "col_owner": ("lead agency", "牵头单位"),
    "col_baseline": ("baseline", "基数"),
    "plan_summary": ("Plan as a whole", "计划整体"),
    "p_all_met": ("P(all targets met)", "全部目标达成概率"),
    "expected_met": ("expected number of targets met", "预期达成目标数"),
    "reading_note": ("annual-growth targets read as", "“年均增长”目标解读为"),
    "draws": ("draws", "模拟次数"),
    "seed": ("seed", "随机种子"),
    "scenario": ("scenario", "情景"),
    "assumed_marker": ("* baseline assumed, not observed", "* 基数为假设值，非观测值"),
    # calibration and backtest
    "fitted": ("fitted", "已拟合"),
    "col_indicator": ("indicator", "指标"),
    "col_status": ("trend", "趋势"),
    "col_points": ("figures", "数据点"),
    "col_years": ("years", "年份"),
    "col_drift": ("drift /yr", "年均漂移"),
    "col_drift90": ("90% interval of drift", "漂移90%区间"),
    "col_volatility": ("volatility", "波动率"),
    "col_baseline_src": ("baseline", "基数"),
    "col_year": ("year", "年份"),
    "col_actual": ("actual", "实际值"),
    "col_interval50": ("50% interval", "50%区间"),
    "col_inside": ("inside 50/90", "落入50/90"),
    "col_pit": ("PIT", "PIT"),
    "col_crps": ("CRPS", "CRPS"),
    "col_met": ("met", "已达成"),
    "col_brier": ("Brier", "Brier评分"),
    "conflicts": ("Conflicting figures", "相互矛盾的数据"),
    "coverage": ("coverage of the intervals", "区间覆盖率"),
    "backtest_from": (
        "Backtest from {year}: {n} scored point(s)",
        "回测：自{year}年起，共{n}个检验点",
    ),
    "calibrated_to": ("Calibrated to figures up to {year}", "按截至{year}年的数据校准"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "skipped": ("skipped", "未计分"),
    "scale_log": ("log", "对数"),
    "scale_logit": ("logit", "logit"),
    "scale_count": ("count", "计数"),
    "not_published": ("not published", "未公布"),
    "no_threshold_note": (
        "target not published in the sources used: trend status only",
        "所用资料中未公布目标值：仅评估趋势",
    ),
    "trend_marker": (
        "† trend assumed, not fitted to data (ipsim calibrate fits it)",
        "† 趋势为假设值，未经数据拟合（可用 ipsim calibrate 拟合）",
    ),
    "n_met_of": ("targets met", "个目标达成"),
    # goal-seek
    "gs_lever": ("lever", "调节手段"),
    "gs_wanted": ("P wanted", "目标概率"),
    "gs_needed": ("needed", "所需取值"),
    "gs_range": ("MC range", "蒙特卡洛区间"),
    "gs_p_at": ("P at needed", "所需取值下概率"),
    "gs_now": ("now", "当前取值"),
    "gs_p_now": ("P now", "当前概率"),
    "gs_unit": ("unit", "单位"),
    "gs_note": ("note", "说明"),
    "gs_unreachable": ("not reachable", "无法达到"),
    "gs_footer": (
        ">= x: the smallest setting that gives the wanted P(met) (more of the lever helps); "
        "<= x: the largest setting that still gives it (more hurts, e.g. a unit cost). "
        "MC range: where P(met) is within 1.96 s.e. of the wanted probability",
        ">= x：达到目标概率所需的最小取值（该手段越大越有利）；<= x：仍能达到目标概率的最大取值"
        "（越大越不利，如单位成本）。蒙特卡洛区间：达成概率与目标概率相差不超过1.96个标准误的取值范围",
    ),
    # targets decided by published figures
    "target_missed": ("target missed", "目标未实现"),
    "decided_met": ("met (published figures)", "已达成（已公布数据）"),
    "decided_missed": ("missed (published figures)", "未达成（已公布数据）"),
    "decided_by_published": ("decided by published figures", "已由公布数据确定"),
    "decided_marker": (
        "‡ decided by published figures: the years to come cannot change the outcome",
        "‡ 已由公布数据确定：今后各年数据不会改变结果",
    ),
}


def label(key: str, lang: Lang = "en") -> str:
    """Return the label of ``key`` in ``lang`` (the key itself if none is defined).

    Examples
    --------
    >>> label("on_track", "zh"), label("likely", "en")
    ('按期可达', 'likely')
    """
    pair = LABELS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "zh" else pair[0]


def format_percent(value: float | None, digits: int = 0) -> str:
    """Format a fraction as a percentage, ``-`` for missing values.

    Examples
    --------
    >>> format_percent(0.1834, 1), format_percent(None)
    ('18.3%', '-')
    """
    if value is None or not math.isfinite(value):
        return "-"
    return f"{value * 100:.{digits}f}%"


def format_amount(value: float | None, unit: str, lang: Lang = "en") -> str:
    """Format a level for display: 万/亿 in Chinese, thousands separators in English.

    Examples
    --------
    >>> format_amount(36941, "applications", "zh"), format_amount(1.0e9, "CNY", "zh")
    ('3.69万', '10.0亿')
    >>> format_amount(36941, "applications"), format_amount(1.0e9, "CNY")
    ('36,941', '1.00 bn')
    """
    if value is None or not math.isfinite(value):
        return "-"
    if unit in ("fraction", "share"):
        return format_percent(value, 1)
    if unit == "fraction/yr":
        return format_percent(value, 1)
    size = abs(value)
    if lang == "zh":
        if size >= 1e8:
            return f"{value / 1e8:.1f}亿"
        if size >= 1e4:
            return f"{value / 1e4:.2f}万"
        return f"{value:,.0f}" if size >= 100 else f"{value:.3g}"
    if size >= 1e9:
        return f"{value / 1e9:.2f} bn"
    if size >= 1e6:
        return f"{value / 1e6:.2f} m"
    return f"{value:,.0f}" if size >= 100 else f"{value:.3g}"
