"""``ipsim new-plan``: a commented plan template to fill in (see docs/encode-a-plan.md).

Every template :func:`new_plan` returns passes ``ipsim validate``: the id and the years are
checked first (:data:`PLAN_ID`, :data:`FIRST_YEAR` to :data:`LAST_YEAR`, as plan files allow).
"""

from __future__ import annotations

import re
from pathlib import Path

from ipsim._args import shown, whole_number
from ipsim.errors import ArgumentError

PLAN_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,79}")
"""A new plan's id: lower-case letters, digits, ``-`` and ``_``, starting with a letter or digit,
at most 80 characters (like the bundled ``guangzhou-ip-2017-2020``), so that it can be written in
a scenario's ``plan:`` and on a command line as it is."""

FIRST_YEAR, LAST_YEAR = 1900, 2200
"""The years a plan file may name (its ``base_year`` and ``horizon``)."""

TEMPLATE = """\
# A plan file for ipsim: one quantified plan, its agencies and its targets.
# Fill it in from the plan's own text; copy every target's sentence into `clause` verbatim.
# A number the sources do not give stays null (with a note): never guess one.
# Check it with `ipsim validate {file}`; every problem is reported as file:line: field: what.
schema: ipsim-plan/1
id: "{plan_id}"
title:
  zh: 示例规划（{base_year_1}—{horizon}年）        # the plan's title in simplified Chinese
  en: Example plan ({base_year_1}-{horizon})        # and in English
  original: 示例規劃                                # as published (traditional characters if so)
source:
  document: 文号 (document number)                  # e.g. 国发〔2021〕20号
  issuer_zh: 发文机关
  issuer_en: Issuing body
  issued: "{base_year_1}-01-01"                     # date of issue, quoted
base_year: {base_year}                              # the year the plan's baselines refer to
horizon: {horizon}                                  # the last target year
scope: China                                        # the `scope` of the plan's own figures in observed data
phases: []                                          # optional timetable: {{id, label_zh, label_en, by, quote}}
agencies:                                           # every body that owns a target
  lead: {{label_zh: 牵头单位, label_en: Lead agency, quote: 牵头单位}}
projects: []                                        # optional: {{number, label_zh, label_en, quote}}
tasks: []                                           # optional: {{number, project, title_zh, title_en, quote, lead, cooperating}}
funding_programmes:                                 # budgets scenarios can turn up or down (may be [])
  - {{id: main, label_zh: 专项资金, label_en: Special fund, quote: 专项资金}}
indicators:                                         # what is measured; kind: flow | stock | share | count
  - {{id: applications, label_zh: 申请量, label_en: Applications, kind: flow, unit_en: applications, unit_zh: 件}}
  - {{id: holders, label_zh: 持有量, label_en: Holdings, kind: stock, unit_en: items, unit_zh: 件}}
  - {{id: agency_share, label_zh: 代理率, label_en: Agency share, kind: share, unit_en: share, unit_zh: 比例}}
targets:
  # growth: "年均增长18%以上" -> kind cagr (or yoy_each_year), threshold a fraction
  - id: applications_growth
    indicator: applications
    kind: cagr
    threshold: 0.18
    direction: at_least
    deadline: {horizon}
    label_zh: 申请量年均增长18%以上
    label_en: Applications grow at least 18% a year
    clause: 申请量年均增长18%以上                   # the plan's own words
    section: 主要目标
    task: null
    lead_agencies: [lead]
  # level: "达到12件" -> kind level, threshold in the indicator's unit
  - id: holders_level
    indicator: holders
    kind: level
    threshold: 12000
    direction: at_least
    deadline: {horizon}
    label_zh: 持有量达到1.2万件
    label_en: 12,000 items held
    clause: 持有量达到1.2万件
    section: 主要目标
    task: null
    lead_agencies: [lead]
  # share: "达到70%" -> kind share, threshold a fraction; a threshold not found stays null:
  - id: agency_share
    indicator: agency_share
    kind: share
    threshold: null
    threshold_note: target not published in the sources used
    direction: at_least
    deadline: {horizon}
    label_zh: 代理率（目标值未见公布）
    label_en: Agency share (target not found)
    clause: 代理率
    section: 主要目标
    task: null
    lead_agencies: [lead]
"""


def new_plan(
    plan_id: str, *, base_year: int = 2020, horizon: int = 2025, file: str = "plan.yaml"
) -> str:
    """Return the commented template of a plan called ``plan_id``.

    Parameters
    ----------
    plan_id : str
        Matches :data:`PLAN_ID`.
    base_year, horizon : int
        ``FIRST_YEAR <= base_year < horizon <= LAST_YEAR``.
    file : str
        The file's name, shown in the template's first comment.

    Raises
    ------
    ArgumentError
        If the id or a year is not one a plan file can hold.

    Examples
    --------
    >>> text = new_plan("city-ip-2026-2030", base_year=2025, horizon=2030)
    >>> 'id: "city-ip-2026-2030"' in text, "deadline: 2030" in text
    (True, True)
    >>> new_plan("my plan: v2")
    Traceback (most recent call last):
    ...
    ipsim.errors.ArgumentError: plan id: expected lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 80 characters (e.g. city-ip-2026-2030), got 'my plan: v2'
    """
    if not isinstance(plan_id, str) or not PLAN_ID.fullmatch(plan_id):
        msg = (
            "plan id: expected lower-case letters, digits, '-' and '_', starting with a letter "
            f"or digit, at most 80 characters (e.g. city-ip-2026-2030), got {shown(plan_id)}"
        )
        raise ArgumentError(msg)
    base_year = whole_number("base_year", base_year, low=FIRST_YEAR, high=LAST_YEAR - 1)
    horizon = whole_number("horizon", horizon, low=base_year + 1, high=LAST_YEAR)
    if not (isinstance(file, str) and file.isprintable() and file.strip()):
        file = "this file"
    return TEMPLATE.format(
        plan_id=plan_id, base_year=base_year, base_year_1=base_year + 1, horizon=horizon, file=file
    )


def write_new_plan(plan_id: str, path: str | Path, **options: int) -> Path:
    """Write the template to ``path`` (atomically; an existing file is replaced) and return it."""
    from ipsim.scenario import write_text_atomic

    path = Path(path)
    write_text_atomic(path, new_plan(plan_id, file=path.name, **options))
    return path
