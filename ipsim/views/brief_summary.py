"""The briefing's first page and its mid-term evaluation section.

The first page is for a leader who reads nothing else: the board in one compact table of
verdicts, then the three or four things that matter most, taken from what the briefing already
computes (the largest one-at-a-time swing, what could make the most uncertain target miss
(:mod:`ipsim.views.brief_miss`), the target within cheapest reach by its own funding,
how many targets funding alone can bring to the wanted probability) and, with an evaluation
date, the mid-term evaluation's totals. It ends with a page break, so the detail starts on page 2.

The evaluation section lays out :func:`ipsim.analysis.evaluate.evaluate`: one row per target
with its attribute, class, progress against time elapsed and P(met) for the years that remain,
then the totals by class and by attribute and the rule.

Every word comes from :mod:`ipsim.i18n.brief` (keys ``brief.*``) and :mod:`ipsim.i18n.evaluate`.
"""

from __future__ import annotations

import html
import math
from typing import TYPE_CHECKING, Any

from ipsim.i18n import Lang, format_percent, label
from ipsim.probability import format_probability

if TYPE_CHECKING:
    import pandas as pd

    from ipsim.analysis.evaluate import EvaluationResult
    from ipsim.assess import Assessment
    from ipsim.scenario import Scenario


def summary_section(
    board: Assessment,
    answers: list[Any],
    swings: pd.DataFrame,
    lang: Lang,
    probability: float,
    evaluation: EvaluationResult | None = None,
) -> str:
    """Return the one-page summary: the verdict table and what matters most.

    Parameters
    ----------
    board : Assessment
    answers : list of GoalSeekResult
        The funding goal-seek of every target (what "what it would take" shows).
    swings : DataFrame
        :func:`ipsim.analysis.sensitivity.one_at_a_time`'s table.
    lang : {"zh", "en"}
    probability : float
        The P(met) the goal-seek aimed at.
    evaluation : EvaluationResult, optional
        The mid-term evaluation, whose totals are then one of the points.

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> from ipsim.analysis.sensitivity import one_at_a_time
    >>> run = load_scenario("baseline").with_run(draws=300)
    >>> board = assess(simulate(run))
    >>> page = summary_section(board, [], one_at_a_time(run, draws_per_point=32), "en", 0.8)
    >>> page.count("<tr class='verdict'>"), "What matters most" in page
    (18, True)
    """
    from ipsim.views.brief_miss import miss_sentence

    points = [
        _hinge_point(board, swings, lang),
        miss_sentence(board, lang),
        _cheapest_point(board, answers, lang, probability),
        _takes_point(board, answers, lang, probability),
    ]
    if evaluation is not None:
        points.insert(0, _evaluation_point(evaluation, lang))
    items = "".join(f"<li>{html.escape(p)}</li>" for p in points if p)
    matters = html.escape(label("brief.matters", lang))
    return (
        f"<section id='summary' class='summary'>{_verdict_table(board, lang)}"
        f"<h3>{matters}</h3><ol class='points'>{items}</ol></section>"
    )


def _verdict_table(board: Assessment, lang: Lang) -> str:
    """One row per target: its label, P(met) (or met/missed) and the verdict, coloured."""
    from ipsim.views.board import board_frame, short_verdict

    frame = board_frame(board, lang).sort_values(["project_number", "order"])
    rows = []
    for r in frame.to_dict("records"):
        decided = r["decided"] if isinstance(r["decided"], str) else None
        words = short_verdict(decided, lang) if decided else str(r["verdict_label"])
        rows.append(
            "<tr class='verdict'>"
            f"<td class='label'>{html.escape(str(r['label']))}</td>"
            f"<td class='num'>{html.escape(str(r['p_text']))}</td>"
            f"<td class='word' data-verdict='{html.escape(str(r['verdict']))}'>"
            f"<span style='color:{r['colour']}'>●</span> {html.escape(words)}</td>"
            f"<td class='owner'>{html.escape(str(r['owner']))}</td></tr>"
        )
    head = "".join(
        f"<th>{html.escape(label(f'brief.{k}', lang))}</th>"
        for k in ("col_target", "col_p_met", "col_verdict", "col_owner")
    )
    return (
        f"<table class='compact'><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _open(board: Assessment) -> set[str]:
    """The targets no published figure decides yet."""
    return {t.id for t in board.targets if t.decided is None}


def _hinge_point(board: Assessment, swings: pd.DataFrame, lang: Lang) -> str:
    """The largest one-at-a-time swing in any open target's P(met), in words."""
    from ipsim.views.brief import SWING_DRAWS, input_label

    table = swings[(swings["output"] == "p_met") & swings["target"].isin(_open(board))]
    table = table[table["swing"] > 0].sort_values(["swing", "target", "input"], ascending=False)
    if table.empty:
        return ""
    top = table.iloc[0]
    return label(
        "brief.point_hinge",
        lang,
        input=input_label(str(top["input"]), board, lang),
        target=board.result.plan.target(str(top["target"])).label(lang),
        low=format_probability(float(top["at_low"]), SWING_DRAWS, lang, digits=0),
        high=format_probability(float(top["at_high"]), SWING_DRAWS, lang, digits=0),
    )


def _wanting(board: Assessment, answers: list[Any], probability: float) -> list[Any]:
    """The funding answers of the open targets still below ``probability``."""
    return [
        a
        for a in answers
        if a.target in _open(board) and a.unit != "" and a.p_met_now < probability
    ]


def _reachable(answer: Any) -> bool:
    return bool(answer.feasible and answer.value is not None and answer.search == "smallest")


def _cheapest_point(board: Assessment, answers: list[Any], lang: Lang, probability: float) -> str:
    """The target below ``probability`` that the smallest budget multiple brings to it."""
    from ipsim.views.brief import lever_label, lever_setting

    within = [a for a in _wanting(board, answers, probability) if _reachable(a)]
    if not within:
        return ""
    best = min(within, key=lambda a: (a.value, a.target))
    scenario: Scenario = board.result.scenario
    return label(
        "brief.point_cheapest",
        lang,
        target=board.result.plan.target(best.target).label(lang),
        p=format_percent(probability, 0),
        setting=lever_setting(best.value, best, lang),
        lever=lever_label(best, scenario, lang),
        now=format_probability(
            best.p_met_now, best.draws, lang, digits=_digits(best.p_met_now, probability)
        ),
    )


def _digits(p: float, wanted: float) -> int:
    """Digits that keep P(met) now visibly below the wanted one (79.6 %, not a rounded 80 %).

    Examples
    --------
    >>> _digits(0.796, 0.8), _digits(0.40, 0.8)
    (1, 0)
    """
    return 1 if round(p * 100) >= round(wanted * 100) else 0


def _takes_point(board: Assessment, answers: list[Any], lang: Lang, probability: float) -> str:
    """How many targets below ``probability`` their own funding can lift to it, and how many not."""
    wanting = _wanting(board, answers, probability)
    below = sum(
        t.decided is None and not math.isnan(t.p_met) and t.p_met < probability
        for t in board.targets
    )
    if not below:
        return label("brief.point_all_reach", lang, p=format_percent(probability, 0))
    if not wanting:
        return label("brief.point_no_lever", lang, below=below, p=format_percent(probability, 0))
    reachable = sum(_reachable(a) for a in wanting)
    return label(
        "brief.point_takes",
        lang,
        below=below,
        p=format_percent(probability, 0),
        reachable=reachable,
        rest=below - reachable,
    )


def _evaluation_point(evaluation: EvaluationResult, lang: Lang) -> str:
    """The evaluation's totals by class, with its date."""
    record = evaluation.to_dict(lang)
    counts = [
        label("evaluate.count", lang, label=label(f"evaluate.class.{cls}", lang), n=n)
        for cls, n in record["totals"].items()
        if n
    ]
    return label(
        "brief.point_evaluation",
        lang,
        as_of=_as_of_text(record["as_of"], lang),
        totals=label("evaluate.count_separator", lang).join(counts),
    )


def _as_of_text(as_of: str, lang: Lang) -> str:
    """``2023`` or ``2023-06`` in words (the evaluation's own date labels)."""
    year, _, month = as_of.partition("-")
    if month:
        return label("evaluate.date_month", lang, year=int(year), month=int(month))
    return label("evaluate.date_year", lang, year=int(year))


# -- the mid-term evaluation -----------------------------------------------------------------
_EVALUATION_COLUMNS = (
    "target",
    "attribute",
    "unit",
    "latest_value",
    "goal",
    "progress",
    "elapsed",
)


def evaluation_body(evaluation: EvaluationResult, lang: Lang) -> str:
    """Return the mid-term evaluation as HTML: its date, the table by target, the totals by
    class and by attribute, the expected number met, and the rule.

    Examples
    --------
    >>> from ipsim.analysis.evaluate import evaluate
    >>> body = evaluation_body(evaluate("baseline", "2018-06", draws=200, seed=1), "zh")
    >>> "时间进度" in body, "时间过半、任务过半" in body, body.count("<tr class='evaluation'>")
    (True, True, 18)
    """
    frame = evaluation.to_frame(lang)
    record = evaluation.to_dict(lang)

    def col(key: str) -> str:
        return label(f"evaluate.col.{key}", lang)

    keys = (*_EVALUATION_COLUMNS, "class", "p_met")
    rows = [
        _evaluation_row({str(k): v for k, v in r.items()}, col, lang, item)
        for r, item in zip(frame.to_dict("records"), evaluation.rows, strict=True)
    ]
    head = "".join(f"<th>{html.escape(col(k))}</th>" for k in keys)
    date = label("brief.evaluation_as_of", lang, as_of=_as_of_text(record["as_of"], lang))
    totals = "".join(f"<li>{html.escape(line)}</li>" for line in evaluation.summary_lines(lang))
    return (
        f"<p class='note'>{html.escape(date)}</p>"
        f"<table class='evaluation'><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}"
        f"</tbody></table><ul>{totals}</ul><p class='note'>{html.escape(record['rule'])}</p>"
    )


def _number(value: Any, fmt: str = "") -> str:
    """A cell's number, ``-`` when missing; by default whole with separators from 1,000 on, else
    to four significant figures (60,000, 3,500, 10.5, 0.126)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    try:
        if not fmt:
            fmt = ",.0f" if abs(value) >= 1_000 else ".4g"
        return format(value, fmt)
    except (TypeError, ValueError):
        return "-" if str(value) in ("<NA>", "nan") else str(value)


def _evaluation_row(row: dict[str, Any], col: Any, lang: Lang, item: Any) -> str:
    """One target's row of the evaluation table: figures in the unit of its unit cell (money
    in 亿元/万元, CNY billion/million; shares in percent), a full-year estimate marked."""
    latest = item.figure(item.latest_value, lang)
    year = row[col("latest_year")]
    if item.latest_estimate is not None:
        latest = item.latest_text(lang)
    elif latest != "-" and _number(year) != "-":
        latest = label("brief.figure_year", lang, value=latest, year=int(year))
    cls, note = str(row[col("class")]), row[col("note")]
    if note:
        cls = label("evaluate.with_note", lang, cls=cls, note=note)
    p_met = row[col("p_met")]
    shown = "-" if _number(p_met) == "-" else format_probability(p_met, None, lang, digits=0)
    cells = [
        f"<td class='label'>{html.escape(str(row[col('target')]))}</td>",
        f"<td>{html.escape(str(row[col('attribute')]))}</td>",
        f"<td>{html.escape(item.unit(lang).unit)}</td>",
        f"<td class='num'>{html.escape(latest)}</td>",
        f"<td class='num'>{html.escape(item.figure(item.goal, lang))}</td>",
        f"<td class='num'>{_number(row[col('progress')], '.0%')}</td>",
        f"<td class='num'>{_number(row[col('elapsed')], '.0%')}</td>",
        f"<td class='class'>{html.escape(cls)}</td>",
        f"<td class='num'>{html.escape(shown)}</td>",
    ]
    return f"<tr class='evaluation'>{''.join(cells)}</tr>"
