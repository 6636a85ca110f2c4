"""The plan template of ``ipsim new-plan`` (:mod:`ipsim.cli.new_plan`).

Not a label table: the template is one document in both languages at once (a plan file has
``zh`` and ``en`` fields side by side, and Chinese examples of how a plan's sentences read), kept
here because Chinese text lives only in :mod:`ipsim.i18n`. ``{name}`` fields are filled by
:func:`ipsim.cli.new_plan.new_plan` (``{{`` and ``}}`` are literal braces).
"""

PLAN_TEMPLATE = """\
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


LABELS: dict[str, tuple[str, str]] = {
    "new_plan.written": (
        "wrote {file}; fill it in, then: ipsim validate {file}",
        "已写入{file}；填写完成后运行：ipsim validate {file}",
    ),
}
"""The messages of ``ipsim new-plan`` (collected into :data:`ipsim.i18n.LABELS`)."""
