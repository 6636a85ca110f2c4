"""The briefing's assumptions and provenance sections, worded in the reader's language.

Everything ipsim says is a label (:mod:`ipsim.i18n.brief`); what the scenario's authors or the
sources wrote (a source's title, a rationale) is quoted as written, in an ``<q class='original'>``
element that carries its language and, in Chinese, the mark 原文: ipsim does not translate it.
What a reader types to run the same numbers again (the scenario file, the plan id) is ``<code>``.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from ipsim.i18n import Lang, format_amount, format_percent, label

if TYPE_CHECKING:
    from ipsim.assess import Assessment
    from ipsim.scenario import Scenario


def original(text: str, lang: Lang) -> str:
    """Return ``text`` as written by a source or an author, marked as such (HTML).

    Examples
    --------
    >>> original("CNIPA annual report 2017", "zh")
    "<q class='original' lang='en'>CNIPA annual report 2017</q>（原文）"
    >>> original("广州市知识产权局", "en")
    "<q class='original' lang='zh'>广州市知识产权局</q> (as published)"
    """
    if not text:
        return ""
    written = "zh" if any(0x3400 <= ord(ch) <= 0x9FFF for ch in text[:40]) else "en"
    mark = label("brief.original_mark", lang) if written != lang else ""
    return f"<q class='original' lang='{written}'>{html.escape(text)}</q>{html.escape(mark)}"


def baseline_text(spec: Any, indicator: Any, lang: Lang) -> str:
    """An indicator's baseline: year, value (or an index), confidence, * when assumed.

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> s = load_scenario("baseline")
    >>> plan = s.load_plan()
    >>> baseline_text(s.indicators["invention_apps"], plan.indicator("invention_apps"), "zh")
    '2016年：2.85万（观测（中可信））'
    """
    from ipsim.distributions import median_of

    b = spec.baseline
    unit = indicator.unit_en if indicator.kind != "share" else "share"
    if b.value is None:
        value = label("brief.index", lang, year=b.year)
    else:
        value = format_amount(median_of(b.value), unit, lang)
    marks = "*" if b.is_assumed else ""
    confidence = label(b.confidence, lang)
    return label("brief.baseline_value", lang, year=b.year, value=value, confidence=confidence) + (
        marks
    )


def trend_text(spec: Any, lang: Lang) -> str:
    """An indicator's trend assumption: its lever parameter (by its label) and median, fitted or
    assumed (†).

    Examples
    --------
    >>> from ipsim.scenario import load_scenario
    >>> trend_text(load_scenario("baseline").indicators["invention_apps"], "zh")
    '年增长率 17.0%（假设†）'
    """
    from ipsim.distributions import median_of
    from ipsim.models import MODELS

    model = MODELS[spec.model]
    param = model.lever_param
    if param is None or param not in spec.params:
        return ""
    median = median_of(spec.params[param])
    if model.param(param).is_growth_rate:
        shown = format_percent(median, 1)
    else:
        shown = f"{median:,.0f}" if abs(median) >= 1_000 else f"{median:.3g}"
    status = (
        label("brief.fitted", lang) if spec.fitted else label("brief.assumed_trend", lang) + "†"
    )
    return label(
        "brief.trend_value", lang, param=param_label(param, lang), value=shown, status=status
    )


def param_label(param: str, lang: Lang) -> str:
    """A model parameter's name for a reader (``brief.param.<name>``, else the workbook's
    ``workbook.param.<name>``), else its name.

    Examples
    --------
    >>> param_label("additions", "zh"), param_label("unit_cost", "zh")
    ('每年新增', '单位成本（元）')
    """
    from ipsim.i18n import LABELS

    for key in (f"brief.param.{param}", f"workbook.param.{param}"):
        if key in LABELS:
            return label(key, lang)
    return param


def assumptions_html(scenario: Scenario, lang: Lang) -> str:
    """Return the assumptions table: per indicator its baseline, the source or rationale (as
    written), and the trend assumption with its rationale (as written)."""
    from ipsim.views.brief import table_html

    plan = scenario.load_plan()
    rows = []
    for ident, spec in scenario.indicators.items():
        indicator = plan.indicator(ident)
        basis = spec.baseline.source or spec.baseline.rationale or ""
        why = original(spec.rationale or "", lang)
        rows.append(
            f"<tr><td class='label'>{html.escape(indicator.label(lang))}</td>"
            f"<td>{html.escape(baseline_text(spec, indicator, lang))}</td>"
            f"<td class='basis'>{original(basis, lang)}</td>"
            f"<td>{html.escape(trend_text(spec, lang))}"
            f"<div class='note'>{why}</div></td></tr>"
        )
    marks = [label("assumed_marker", lang), label("trend_marker", lang)]
    marks.append(label("brief.original_note", lang))
    notes = f"<p class='note'>{html.escape(' · '.join(marks))}</p>"
    columns = ("col_indicator", "col_baseline", "col_basis", "col_trend")
    return notes + f"<div class='assumptions'>{table_html(columns, rows, lang)}</div>"


def provenance_html(board: Assessment, lang: Lang) -> str:
    """Return the provenance table (version, scenario and its sha256, seed and draws, plan,
    observed data) and the sources of the observed figures, as published."""
    from ipsim._version import __version__

    sim = board.result
    scenario, plan = sim.scenario, sim.plan
    sources = sorted({s.baseline.source for s in scenario.indicators.values() if s.baseline.source})
    source = plan.source
    title = scenario.title(lang)
    named = f"{html.escape(title)} " if title else ""
    document = label(
        "brief.plan_document",
        lang,
        document=source.get("document", ""),
        issuer=source.get(f"issuer_{lang}", ""),
        issued=source.get("issued", ""),
    )
    plan_line = label("brief.plan_line", lang, title=plan.title(lang), document=document)
    rows = [
        ("prov_version", f"ipsim {html.escape(__version__)}"),
        ("prov_scenario", f"{named}<code>{html.escape(scenario.name)}</code>"),
        ("prov_sha256", f"<code>{scenario.sha256}</code>"),
        ("prov_seed_draws", f"{scenario.seed} / {sim.draws:,}"),
        ("prov_plan", f"{html.escape(plan_line)} <code>{html.escape(plan.id)}</code>"),
        ("prov_observed", f"<code>{html.escape(plan.observed_data or '-')}</code>"),
    ]
    body = "".join(
        f"<tr><th>{html.escape(label(f'brief.{k}', lang))}</th><td>{v}</td></tr>" for k, v in rows
    )
    cited = "".join(f"<li>{original(s, lang)}</li>" for s in sources)
    heading = html.escape(label("brief.sources", lang))
    return f"<table>{body}</table><p class='note'>{heading}</p><ol class='note'>{cited}</ol>"
