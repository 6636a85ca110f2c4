"""The status board's data and its HTML table: every target grouped by the plan's projects.

No plotting library is imported, so the explorer and the briefing redraw it fast.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from ipsim import style as _style
from ipsim.i18n import Lang, format_percent, label
from ipsim.report import short_agency

if TYPE_CHECKING:
    import pandas as pd

    from ipsim.assess import Assessment


def board_frame(assessment: Assessment, lang: Lang = "en") -> pd.DataFrame:
    """One row per target with what the board shows: project, label with markers, P(met), owner."""
    import pandas as pd

    plan = assessment.result.plan
    other = "其他" if lang == "zh" else "other"
    rows = []
    for order, t in enumerate(assessment.targets):
        project = plan.project_of(plan.target(t.id))
        marks = ("*" if t.baseline_assumed else "") + ("†" if t.trend_assumed else "")
        rows.append(
            {
                "order": order,
                "id": t.id,
                "project": other if project is None else f"{project.number}. {project.label(lang)}",
                "project_number": 99 if project is None else project.number,
                "label": (t.label_zh if lang == "zh" else t.label_en) + marks,
                "p_met": t.p_met if t.p_met == t.p_met else None,
                "p_text": format_percent(t.p_met, 0),
                "status": t.status_statcan,
                "status_label": label(t.status_statcan, lang),
                "owner": t.lead_agency_zh if lang == "zh" else short_agency(t.lead_agency_en),
                "rating": label(t.rating, lang),
            }
        )
    return pd.DataFrame(rows)


def board_html(assessment: Assessment, lang: Lang = "en") -> str:
    """Return the board as an HTML table grouped by project, with P(met) bars and status colours.

    Examples
    --------
    >>> from ipsim import assess, load_scenario, simulate
    >>> page = board_html(assess(simulate(load_scenario("baseline"), draws=500, rng=1)), "zh")
    >>> page.count("<tr class='target'>"), "全部目标达成概率" in page
    (18, True)
    """
    frame = board_frame(assessment, lang)
    heads = (
        ("目标", "达成概率", "进展状态", "牵头单位")
        if lang == "zh"
        else ("target", "P(met)", "status", "lead agency")
    )
    rows = []
    for project, group in frame.sort_values(["project_number", "order"]).groupby(
        "project_number", sort=True
    ):
        rows.append(
            f"<tr class='project'><td colspan='4'><b>{html.escape(str(group['project'].iloc[0]))}</b></td></tr>"
        )
        members: list[Any] = list(group.itertuples(index=False))
        for r in members:
            colour = _style.STATUS_COLOURS.get(r.status, "#999")
            width = round(100 * r.p_met)
            exact = "" if r.p_met is None else repr(float(r.p_met))  # read by browser tests
            rows.append(
                "<tr class='target'>"
                f"<td title='{html.escape(r.id)}'>{html.escape(r.label)}</td>"
                f"<td><div style='display:flex;align-items:center;gap:4px'>"
                f"<div style='width:80px;background:#eee;height:10px'>"
                f"<div style='width:{width}%;background:{colour};height:10px'></div></div>"
                f"<span data-target='{html.escape(r.id)}' data-p-met='{exact}'>{r.p_text}</span>"
                "</div></td>"
                f"<td><span style='color:{colour};font-weight:bold'>●</span> {html.escape(r.status_label)}</td>"
                f"<td>{html.escape(r.owner)}</td></tr>"
            )
        del project
    summary = (
        f"{label('p_all_met', lang)}: {format_percent(assessment.p_all_met, 1)} · "
        f"{label('expected_met', lang)}: {assessment.expected_met:.1f} / {assessment.met.shape[1]} · "
        f"{label('draws', lang)}: {assessment.result.draws:,}"
    )
    notes = f"{label('assumed_marker', lang)} · {label('trend_marker', lang)}"
    return (
        f"<div class='ipsim-board' style='font-family:{_style.FONT};font-size:12px'>"
        f"<div style='margin:4px 0'><b>{html.escape(summary)}</b></div>"
        "<table style='border-collapse:collapse'>"
        "<thead><tr>"
        + "".join(f"<th style='text-align:left;padding:2px 8px'>{h}</th>" for h in heads)
        + "</tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        f"<div style='color:#666;margin-top:4px'>{html.escape(notes)}</div></div>"
    )
