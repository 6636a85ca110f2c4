"""The briefing: one self-contained HTML page an official can read without ipsim.

It holds a headline, the status board by project with owners, a fan chart per target, what each
target would take (goal-seek on its funding: the smallest budget where more helps, the largest
where more hurts; and on its unit cost where it has one: the highest cost that still does), what
it hinges on (one-at-a-time swings), every assumption with its source or rationale, the method
and the provenance. A target decided by published figures is shown as decided everywhere: its
verdict with the figures and their source, no fan, no goal-seek, no swings. Charts are inline SVG
(drawn by vl-convert), styles inline, no script and no external reference: the page opens
offline and prints on A4. Identical inputs give identical bytes (no clock, fixed seeds).
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ipsim.i18n import Lang, format_amount, format_percent, label

if TYPE_CHECKING:
    from ipsim.assess import Assessment
    from ipsim.scenario import Scenario

LIKELY = 0.66
"""P(met) from which a target counts as likely met (the IPCC's "likely")."""

_T: dict[str, tuple[str, str]] = {
    "title": ("Briefing: will the plan's targets be met?", "简报：计划目标能否如期达成？"),
    "headline": (
        "{likely} of the {n} targets are likely to be met (P(met) ≥ 66%); the chance that all {n} are met is {p_all}; about {expected} are expected to be met.",
        "{n}项目标中有{likely}项很可能达成（达成概率≥66%）；全部达成的概率为{p_all}；预期约达成{expected}项。",
    ),
    "headline_decided": (
        "Published figures decide {decided} of the {n} targets ({met} met, {missed} missed); of the other {open}, {likely} are likely to be met (P(met) ≥ 66%). The chance that all {n} are met is {p_all}; about {expected} are expected to be met.",
        "{n}项目标中{decided}项已由公布数据确定（{met}项达成，{missed}项未达成）；其余{open}项中有{likely}项很可能达成（达成概率≥66%）。全部达成的概率为{p_all}；预期约达成{expected}项。",
    ),
    "headline_all_decided": (
        "Published figures decide all {n} targets: {met} met, {missed} missed.",
        "全部{n}项目标均已由公布数据确定：{met}项达成，{missed}项未达成。",
    ),
    "scenario": ("Scenario", "情景"),
    "board": ("1. Targets at a glance", "一、目标一览"),
    "fans": ("2. Projection of each target", "二、各目标预测"),
    "fans_note": (
        "Bands hold 50% and 90% of the simulated paths; dots are published figures (darker = more reliable), hollow diamonds assumed values; the dashed line is the target (the required path for growth targets); the red rule is the deadline.",
        "色带为50%与90%的模拟区间；圆点为公开数据（颜色越深越可靠），空心菱形为假设值；虚线为目标（增长目标为所需路径）；红线为期限。",
    ),
    "fans_decided": (
        " A target decided by published figures (‡) has no bands: its dots are the figures that decide it.",
        "已由公布数据确定的目标（‡）不画色带：圆点即决定其结果的公布数据。",
    ),
    "takes": ("3. What it would take", "三、达成所需"),
    "takes_note": (
        "What each target's lever would have to be for P(met) of at least {p}: where more of it helps (the budget of the target's funding programme, as a multiple of the planned budget), the smallest setting that does (at least); where more of it hurts (a unit cost), the largest that still does (at most). The range in brackets reflects Monte Carlo error. The last column is the growth still needed each year from the last observation. A target decided by published figures needs nothing, and no lever changes it.",
        "使达成概率至少为{p}的调节手段取值：越大越有利的手段（目标所属资金项目的投入，按计划预算的倍数）给出所需的最小值（至少），越大越不利的手段（如单位成本）给出仍可达到的最大值（最高）；括号内区间反映蒙特卡洛误差。最后一列为自最近观测值起每年仍需的增长率。已由公布数据确定的目标无需投入，任何手段也无法改变其结果。",
    ),
    "hinges": ("4. What it hinges on", "四、关键因素"),
    "hinges_note": (
        "How far P(met) moves when one assumption goes from the low to the high end of its range (funding 0.5–1.5 × planned; trend ±50%), the others unchanged.",
        "单项假设从低端变到高端（资金为计划的0.5–1.5倍，趋势±50%）、其他不变时，达成概率的变化幅度。",
    ),
    "assumptions": ("5. Assumptions and sources", "五、假设与来源"),
    "method": ("6. Method", "六、方法"),
    "provenance": ("7. Provenance", "七、出处与可复现信息"),
    "col_target": ("target", "目标"),
    "col_lever": ("lever", "调节手段"),
    "col_needed": ("needed", "所需取值"),
    "col_now": ("P(met) now", "当前达成概率"),
    "col_growth": ("growth still needed /yr", "每年仍需增长"),
    "col_top": ("largest swings in P(met)", "达成概率变化最大的因素"),
    "col_indicator": ("indicator", "指标"),
    "col_baseline": ("baseline", "基数"),
    "col_basis": ("source or rationale", "来源或理由"),
    "col_trend": ("trend assumption", "趋势假设"),
    "unreachable": ("not reachable (best {best})", "无法达到（最高{best}）"),
    "at_least": ("at least {value}", "至少{value}"),
    "at_most": ("at most {value}", "最高{value}"),
    "decided_met": ("nothing: met by published figures", "无需：已由公布数据确定达成"),
    "decided_missed": (
        "no lever changes it: missed by published figures",
        "任何手段都无法改变：已由公布数据确定未达成",
    ),
    "unit_cost_of": ("unit cost of {indicator}", "{indicator}单位成本"),
    "trend_lever": ("trend of {indicator}", "{indicator}增长趋势"),
    "decided_method": (
        "A target whose every year read is a published figure is decided by those figures: met or missed (‡), P(met) exactly 100% or 0%, shown with the figures and where they were published; only the years still to come are simulated.",
        "目标所需各年数据均已公布的，由公布数据确定达成或未达成（‡），达成概率恰为100%或0%，并列出数据及其来源；仅对尚未公布的年份进行模拟。",
    ),
    "no_lever": ("no funding programme", "无对应资金项目"),
    "trend_of": ("trend of", "趋势："),
    "fitted": ("fitted to data", "由数据拟合"),
    "assumed_trend": ("assumed", "假设"),
    "modified": (
        "Modified from scenario {name} (sha256 {sha}); changed inputs:",
        "由情景“{name}”修改（sha256 {sha}），改动的输入：",
    ),
    "modified_none": ("no input differs from the original", "各项输入与原情景相同"),
    "ch_funding": (
        "funding of {programme}: {before} x -> {after} x the planned budget",
        "{programme}资金：计划预算的{before}倍 → {after}倍",
    ),
    "ch_funding_year": (
        "funding of {programme} in {year}: {before} x -> {after} x the planned budget",
        "{programme}资金（{year}年）：计划预算的{before}倍 → {after}倍",
    ),
    "ch_trend": (
        "{indicator}: median {param} {before} -> {after}",
        "{indicator}：{param}中位数 {before} → {after}",
    ),
    "ch_draws": ("draws: {before} -> {after}", "模拟次数：{before} → {after}"),
    "ch_reading": (
        "growth targets read as: {before} -> {after}",
        "年均增长目标解读：{before} → {after}",
    ),
    "ch_other": ("{input}: {before} -> {after}", "{input}：{before} → {after}"),
}


def _t(key: str, lang: Lang) -> str:
    en, zh = _T[key]
    return zh if lang == "zh" else en


_CSS = """
body{font-family:%(font)s;max-width:1000px;margin:24px auto;padding:0 16px;color:#222;font-size:13px;line-height:1.5}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:2px solid #2b6cb0;padding-bottom:2px}
.headline{font-size:16px;background:#f3f7fb;border-left:4px solid #2b6cb0;padding:8px 12px;margin:12px 0}
.meta{color:#555}.note{color:#555;font-size:12px}
table{border-collapse:collapse;width:100%%}th,td{text-align:left;padding:3px 6px;border-bottom:1px solid #e5e5e5;vertical-align:top}
th{background:#f5f5f5}.num{text-align:right;white-space:nowrap}
.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{width:480px;break-inside:avoid;page-break-inside:avoid}
.chart svg{max-width:100%%;height:auto}
@media print{@page{size:A4;margin:14mm}body{max-width:none;margin:0;font-size:10.5px}
h2{break-after:avoid;page-break-after:avoid}.chart{width:48%%}tr{break-inside:avoid;page-break-inside:avoid}
.headline{background:none}}
"""


def brief(
    scenario: Scenario,
    *,
    lang: Lang = "zh",
    draws: int | None = None,
    rng: int | None = None,
    probability: float = 0.8,
) -> str:
    """Return the briefing of ``scenario`` as one self-contained HTML document.

    Parameters
    ----------
    scenario : Scenario
    lang : {"zh", "en"}
    draws, rng : int, optional
        Monte Carlo draws and seed (defaults: the scenario's).
    probability : float
        The P(met) that "what it would take" aims at.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> page = brief(load_scenario("baseline"), lang="en", draws=1_000)
    >>> page.startswith("<!DOCTYPE html>"), "<script" in page, page.count("<svg") >= 18
    (True, False, True)
    """
    from ipsim._args import language
    from ipsim.analysis.goalseek import goal_seek_all
    from ipsim.analysis.sensitivity import one_at_a_time
    from ipsim.assess import assess
    from ipsim.simulate import simulate

    lang = language(lang)  # type: ignore[assignment]
    run = scenario.with_run(draws=draws, seed=rng)
    board = assess(simulate(run))
    answers = goal_seek_all(
        run, lever="funding", probability=probability, draws=min(run.draws, 10_000)
    )
    costs = _cost_ceilings(run, board, probability)
    swings = one_at_a_time(run, draws_per_point=256)
    parts = [
        _head(board, lang),
        _section("board", lang, _board(board, lang)),
        _section(
            "fans",
            lang,
            f"<p class='note'>{_t('fans_note', lang)}"
            f"{_t('fans_decided', lang) if any(t.decided for t in board.targets) else ''}</p>"
            + _fans(board, lang),
        ),
        _section(
            "takes",
            lang,
            f"<p class='note'>{_t('takes_note', lang).format(p=format_percent(probability, 0))}</p>"
            + _takes(board, answers, costs, lang),
        ),
        _section(
            "hinges",
            lang,
            f"<p class='note'>{_t('hinges_note', lang)}</p>" + _hinges(board, swings, lang),
        ),
        _section("assumptions", lang, _assumptions(run, lang)),
        _section("method", lang, _method(board, lang)),
        _section("provenance", lang, _provenance(board, lang)),
    ]
    from ipsim.views.style import FONT

    return (
        "<!DOCTYPE html>\n"
        f"<html lang='{'zh-CN' if lang == 'zh' else 'en'}'><head><meta charset='utf-8'>"
        f"<title>{html.escape(_t('title', lang))}: {html.escape(run.name)}</title>"
        f"<style>{_CSS % {'font': FONT}}</style></head><body>\n"
        + "\n".join(parts)
        + "\n</body></html>\n"
    )


def write_brief(
    scenario: Scenario, path: str | Path, *, overwrite: bool = True, **options: Any
) -> Path:
    """Write :func:`brief` to ``path`` atomically and return the path.

    With ``overwrite=False`` an existing file is kept and :class:`FileExistsError` raised.
    """
    from ipsim._outputs import write_text_atomic

    path = Path(path)
    write_text_atomic(path, brief(scenario, **options), overwrite=overwrite)
    return path


# -- sections ---------------------------------------------------------------------------------
def _section(key: str, lang: Lang, body: str) -> str:
    return f"<section id='{key}'><h2>{html.escape(_t(key, lang))}</h2>{body}</section>"


def _head(board: Assessment, lang: Lang) -> str:
    sim = board.result
    plan, scenario = sim.plan, sim.scenario
    open_ = [t for t in board.targets if t.decided is None]
    met = sum(t.decided == "met" for t in board.targets)
    key = "headline" if len(open_) == len(board.targets) else "headline_decided"
    headline = _t(key if open_ else "headline_all_decided", lang).format(
        likely=sum(t.p_met >= LIKELY for t in open_),
        n=len(board.targets),
        p_all=format_percent(board.p_all_met, 1),
        expected=f"{board.expected_met:.1f}",
        decided=len(board.targets) - len(open_),
        met=met,
        missed=len(board.targets) - len(open_) - met,
        open=len(open_),
    )
    title = scenario.title_zh if lang == "zh" else scenario.title_en
    return (
        f"<h1>{html.escape(_t('title', lang))}</h1>"
        f"<div class='meta'>{html.escape(plan.title(lang))} · {html.escape(plan.source.get('document', ''))}</div>"
        f"<div class='meta'>{html.escape(_t('scenario', lang))}: <b>{html.escape(scenario.name)}</b>"
        f"{' — ' + html.escape(title) if title else ''}</div>"
        f"{modification_html(scenario, lang)}"
        f"<div class='headline'>{html.escape(headline)}</div>"
    )


def modification_lines(scenario: Scenario, lang: Lang = "en") -> list[str]:
    """Return what a modified scenario changed: a heading, then one line per changed input.

    Empty for a scenario that is not modified (see :class:`ipsim.scenario.Modification`).

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> modification_lines(load_scenario("baseline"))
    []
    """
    record = scenario.modified
    if record is None:
        return []
    head = _t("modified", lang).format(name=record.original, sha=record.original_sha256[:12])
    lines = [_change_text(c.input, c.before, c.after, scenario, lang) for c in record.changes]
    return [head, *(lines or [_t("modified_none", lang)])]


def modification_html(scenario: Scenario, lang: Lang = "en") -> str:
    """Return :func:`modification_lines` as an HTML box (empty for an unmodified scenario)."""
    lines = modification_lines(scenario, lang)
    if not lines:
        return ""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines[1:])
    return (
        "<div class='modified' style='border-left:4px solid #b35806;background:#fdf3e7;"
        f"padding:6px 12px;margin:8px 0'>{html.escape(lines[0])}<ul style='margin:2px 0'>"
        f"{items}</ul></div>"
    )


def _multiple(value: float) -> str:
    """A budget multiple as the explorer's readout shows it (1.60), keeping what two decimals
    would lose (0.012)."""
    return f"{value:.2f}" if abs(value - round(value, 2)) < 1e-9 else f"{value:.3g}"


def _change_text(input: str, before: Any, after: Any, scenario: Scenario, lang: Lang) -> str:
    from ipsim.errors import IpsimError
    from ipsim.models import MODELS

    parts = input.split(".")
    try:
        plan = scenario.load_plan()
        if parts[0] == "funding" and len(parts) in (3, 4) and parts[2] == "multiple":
            programme = next(
                (p.label(lang) for p in plan.funding_programmes if p.id == parts[1]), parts[1]
            )
            key = "ch_funding" if len(parts) == 3 else "ch_funding_year"
            year = parts[3] if len(parts) == 4 else ""
            return _t(key, lang).format(
                programme=programme, year=year, before=_multiple(before), after=_multiple(after)
            )
        if parts[0] == "indicators" and len(parts) == 3 and parts[1] in scenario.indicators:
            model = MODELS[scenario.indicators[parts[1]].model]
            rate = model.param(parts[2]).low == -1.0
            shown = [format_percent(v, 1) if rate else f"{v:,.4g}" for v in (before, after)]
            return _t("ch_trend", lang).format(
                indicator=plan.indicator(parts[1]).label(lang),
                param=parts[2],
                before=shown[0],
                after=shown[1],
            )
        if input == "draws":
            return _t("ch_draws", lang).format(before=f"{before:,}", after=f"{after:,}")
        if input == "reading":
            return _t("ch_reading", lang).format(
                before=label(str(before), lang), after=label(str(after), lang)
            )
    except (IpsimError, KeyError, StopIteration, TypeError, ValueError):
        pass  # an input this version does not know how to word: shown as written
    return _t("ch_other", lang).format(input=input, before=before, after=after)


def _board(board: Assessment, lang: Lang) -> str:
    from ipsim.views.board import board_html

    return board_html(board, lang)


def _fans(board: Assessment, lang: Lang) -> str:
    from ipsim._resources import check_chart_renderer

    check_chart_renderer()  # V8 aborts the process under a low ulimit -v
    import vl_convert

    from ipsim.views.fan import fan_spec
    from ipsim.views.style import theme_config

    charts = []
    for t in board.targets:
        spec = fan_spec(board, t.id, lang=lang, width=400, height=210, key=False)
        svg = vl_convert.vegalite_to_svg({**spec, "config": theme_config()})
        charts.append(f"<div class='chart' id='fan-{t.id}'>{svg}</div>")
    return f"<div class='charts'>{''.join(charts)}</div>"


def _cost_ceilings(run: Scenario, board: Assessment, probability: float) -> list[Any]:
    """Goal-seek on the unit cost of every open target whose own lever is a cost (the highest
    cost that still gives P(met) >= ``probability``)."""
    from ipsim.analysis.goalseek import goal_seek
    from ipsim.levers import levers_of

    levers = levers_of(run)
    out = []
    for t in board.targets:
        own = levers.get(f"growth.{t.indicator}")
        if t.decided is None and t.threshold is not None and own and not own.increases:
            out.append(
                goal_seek(
                    run,
                    t.id,
                    lever=own.name,
                    probability=probability,
                    draws=min(run.draws, 10_000),
                )
            )
    return out


def lever_value(value: float, answer: Any = None) -> str:
    """A lever setting, bare: 1.91 (a budget multiple), 208,000 (a cost, to 3 figures), 24.0%
    (a growth rate, when ``answer``'s lever is one).

    Examples
    --------
    >>> lever_value(1.9132), lever_value(208354.19), lever_value(-0.0412)
    ('1.91', '208,000', '-0.04')
    """
    if answer is not None and answer.unit.startswith("growth a year"):
        return format_percent(value, 1)
    if abs(value) >= 1_000:
        return f"{float(f'{value:.3g}'):,.0f}"
    return f"{value:.2f}"


def lever_setting(value: float, answer: Any, lang: Lang = "en") -> str:
    """A setting of ``answer``'s lever with its unit: "1.91 x planned budget", "1.91倍计划预算",
    "208,000 CNY per unit", "24.0% a year"."""
    shown = lever_value(value, answer)
    if answer.unit.startswith("growth a year"):
        return f"每年{shown}" if lang == "zh" else f"{shown} a year"
    unit = answer.unit_label(lang)
    if not unit:
        return shown
    return f"{shown}{unit}" if lang == "zh" else f"{shown} {unit}"


def needed_text(answer: Any, lang: Lang = "en") -> str:
    """What a goal-seek answer needs: "at least 1.91 x planned budget (1.85–1.97)" when more of
    the lever helps, "at most 208,000 CNY per unit (…)" when more hurts, or why not reachable.

    Examples
    --------
    >>> from ipsim.analysis.goalseek import goal_seek
    >>> from ipsim.scenario import load_scenario
    >>> cost = goal_seek(load_scenario("baseline"), "industrialization_projects", lever="growth", draws=2_000)
    >>> needed_text(cost, "en").startswith("at most 2"), needed_text(cost, "zh").startswith("最高")
    (True, True)
    """
    if not (answer.feasible and answer.value is not None):
        return _t("unreachable", lang).format(best=format_percent(answer.best_p_met, 0))
    lo, hi = monte_carlo_range(answer)
    bound = "at_most" if answer.search == "largest" else "at_least"
    shown = lever_setting(answer.value, answer, lang)
    span = f"（{lo}–{hi}）" if lang == "zh" else f" ({lo}–{hi})"
    return _t(bound, lang).format(value=shown) + span


def monte_carlo_range(answer: Any) -> tuple[str, str]:
    """The two ends of a feasible answer's Monte Carlo range, bare (see :func:`lever_value`)."""
    lo = answer.value_lo if answer.value_lo is not None else answer.value
    hi = answer.value_hi if answer.value_hi is not None else answer.value
    return lever_value(lo, answer), lever_value(hi, answer)


def lever_label(answer: Any, scenario: Scenario, lang: Lang = "en") -> str:
    """Name a goal-seek answer's lever for a reader: the funding programme, "unit cost of ...",
    or "trend of ..."."""
    from ipsim.levers import levers_of

    plan = scenario.load_plan()
    kind, _, key = answer.lever.partition(".")
    if kind == "funding":
        return next((p.label(lang) for p in plan.funding_programmes if p.id == key), key)
    own = levers_of(scenario).get(answer.lever)
    if own is None:
        return str(answer.lever)
    indicator = plan.indicator(own.key).label(lang)
    if lang == "en" and not indicator[:2].isupper():  # "unit cost of patent ...", not "IP" -> "iP"
        indicator = indicator[:1].lower() + indicator[1:]
    key = "unit_cost_of" if own.param == "unit_cost" else "trend_lever"
    return _t(key, lang).format(indicator=indicator)


def _takes(board: Assessment, answers: list[Any], costs: list[Any], lang: Lang) -> str:
    from ipsim.views.board import short_verdict

    labels = {t.id: t.label_zh if lang == "zh" else t.label_en for t in board.targets}
    decided = {t.id: t.decided for t in board.targets}
    by_target: dict[str, list[Any]] = {}
    for a in [*answers, *costs]:
        by_target.setdefault(a.target, []).append(a)
    rows = []
    for a in (a for t in board.targets for a in by_target.get(t.id, [])):
        if decided.get(a.target):
            verdict = str(decided[a.target])
            needed, lever, now = _t(f"decided_{verdict}", lang), "-", short_verdict(verdict, lang)
        elif a.unit == "":
            needed, lever, now = _t("no_lever", lang), "-", format_percent(a.p_met_now, 0)
        else:
            needed = needed_text(a, lang)
            lever = lever_label(a, board.result.scenario, lang)
            now = format_percent(a.p_met_now, 0)
        rows.append(
            f"<tr><td>{html.escape(labels[a.target])}</td><td>{html.escape(lever)}</td>"
            f"<td class='num'>{html.escape(needed)}</td><td class='num'>{html.escape(now)}</td>"
            f"<td class='num'>{format_percent(a.required_growth, 1)}</td></tr>"
        )
    head = "".join(
        f"<th>{html.escape(_t(k, lang))}</th>"
        for k in ("col_target", "col_lever", "col_needed", "col_now", "col_growth")
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _input_label(name: str, board: Assessment, lang: Lang) -> str:
    plan = board.result.plan
    kind, key = name.split(".", 1)
    if kind == "funding":
        return next((p.label(lang) for p in plan.funding_programmes if p.id == key), key)
    return f"{_t('trend_of', lang)} {plan.indicator(key).label(lang)}"


def _hinges(board: Assessment, swings: Any, lang: Lang) -> str:
    labels = {t.id: t.label_zh if lang == "zh" else t.label_en for t in board.targets}
    table = swings[swings["output"] == "p_met"]
    rows = []
    for t in board.targets:
        mine = (
            table[(table["target"] == t.id) & (table["swing"] > 0)]
            .sort_values(["swing", "input"], ascending=[False, True])
            .head(3)
        )
        top = "; ".join(
            f"{_input_label(r.input, board, lang)} {format_percent(r.at_low, 0)}→{format_percent(r.at_high, 0)}"
            for r in mine.itertuples()
        )
        if t.decided is not None:  # nothing moves it
            top = label("decided_by_published", lang) + "‡"
        rows.append(
            f"<tr><td>{html.escape(labels[t.id])}</td><td>{html.escape(top or '-')}</td></tr>"
        )
    head = "".join(f"<th>{html.escape(_t(k, lang))}</th>" for k in ("col_target", "col_top"))
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _assumptions(scenario: Scenario, lang: Lang) -> str:
    from ipsim.distributions import median_of
    from ipsim.models import MODELS

    plan = scenario.load_plan()
    rows = []
    for ident, spec in scenario.indicators.items():
        indicator = plan.indicator(ident)
        b = spec.baseline
        value = (
            "index"
            if b.value is None
            else format_amount(
                median_of(b.value),
                indicator.unit_en if indicator.kind != "share" else "share",
                lang,
            )
        )
        marks = "*" if b.is_assumed else ""
        baseline = f"{b.year}: {value} ({label(b.confidence, lang)}){marks}"
        basis = b.source or b.rationale or ""
        param = MODELS[spec.model].lever_param
        trend = ""
        if param is not None and param in spec.params:
            median = median_of(spec.params[param])
            shown = (
                format_percent(median, 1)
                if MODELS[spec.model].param(param).low == -1.0
                else f"{median:.3g}"
            )
            status = _t("fitted", lang) if spec.fitted else _t("assumed_trend", lang) + "†"
            trend = f"{param} {shown} ({status})"
        rows.append(
            f"<tr><td>{html.escape(indicator.label(lang))}</td><td>{html.escape(baseline)}</td>"
            f"<td>{html.escape(basis)}</td><td>{html.escape(trend)}<div class='note'>{html.escape(spec.rationale or '')}</div></td></tr>"
        )
    head = "".join(
        f"<th>{html.escape(_t(k, lang))}</th>"
        for k in ("col_indicator", "col_baseline", "col_basis", "col_trend")
    )
    notes = f"<p class='note'>{html.escape(label('assumed_marker', lang))} · {html.escape(label('trend_marker', lang))}</p>"
    return notes + f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _method(board: Assessment, lang: Lang) -> str:
    sim = board.result
    scenario = sim.scenario
    se = max(t.p_met_se for t in board.targets)
    readings = label(scenario.reading, lang) + "".join(
        f"; {k}: {label(v, lang)}" for k, v in scenario.target_readings.items()
    )
    if lang == "zh":
        items = [
            f"蒙特卡洛模拟 {sim.draws:,} 次（随机种子 {scenario.seed}）；单项达成概率的最大标准误 {format_percent(se, 1)}，全部达成概率的标准误 {format_percent(board.p_all_met_se, 2)}。",
            f"“年均增长”目标解读为：{readings}。",
            "进展状态（加拿大统计局/Open SDG 方法）：实际增长与所需增长之比 ≥0.95 按期可达，0.60–0.95 需加速，0–0.60 进展有限，<0 倒退。",
            "联合国统计司进展图方法：预测进展与所需进展之比 ≥0.95、0.10–0.95、<0.10。",
            "可能性用语（IPCC）：≥99% 几乎确定，≥90% 很可能，≥66% 可能，33–66% 可能性约一半，≤33% 不太可能，≤10% 很不可能，≤1% 极不可能。",
            "资金投入通过弹性系数影响各指标；同一随机种子下各情景的差异只来自假设本身。",
        ]
    else:
        items = [
            f"Monte Carlo simulation, {sim.draws:,} draws (seed {scenario.seed}); the largest standard error of a target's P(met) is {format_percent(se, 1)}, that of P(all met) {format_percent(board.p_all_met_se, 2)}.",
            f"Targets of 'average annual growth' are read as: {readings}.",
            "Status (Statistics Canada / Open SDG): ratio of actual to required growth ≥ 0.95 on track, 0.60–0.95 acceleration needed, 0–0.60 limited progress, < 0 deterioration.",
            "UNSD Progress Chart: ratio of projected to required progress ≥ 0.95, 0.10–0.95, < 0.10.",
            "Likelihood words (IPCC): ≥ 99% virtually certain, ≥ 90% very likely, ≥ 66% likely, 33–66% about as likely as not, ≤ 33% unlikely, ≤ 10% very unlikely, ≤ 1% exceptionally unlikely.",
            "Funding moves each indicator through an elasticity; with one seed for all scenarios, differences come from the assumptions alone.",
        ]
    if any(t.decided is not None for t in board.targets):
        items.append(_t("decided_method", lang))
    return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"


def _provenance(board: Assessment, lang: Lang) -> str:
    from ipsim._version import __version__

    sim = board.result
    scenario, plan = sim.scenario, sim.plan
    sources = sorted({s.baseline.source for s in scenario.indicators.values() if s.baseline.source})
    rows = [
        ("ipsim", __version__),
        ("scenario", f"{scenario.name} (sha256 {scenario.sha256})"),
        ("seed / draws", f"{scenario.seed} / {sim.draws:,}"),
        (
            "plan",
            f"{plan.id}: {plan.source.get('document', '')} ({plan.source.get('issuer_en' if lang == 'en' else 'issuer_zh', '')}, {plan.source.get('issued', '')})",
        ),
        ("observed data", plan.observed_data or "-"),
    ]
    body = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in rows)
    cited = "".join(f"<li>{html.escape(s)}</li>" for s in sources)
    return f"<table>{body}</table><p class='note'>{'数据来源' if lang == 'zh' else 'Sources of observed figures'}:</p><ol class='note'>{cited}</ol>"
