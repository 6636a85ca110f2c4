import re
from pathlib import Path

import pytest

from ipsim.errors import PlanError
from ipsim.plan import bundled_plans, load_plan

from .conftest import DATA, SHARED

PLAN_ID = "guangzhou-ip-2017-2020"
TARGET_IDS = [
    "certified_units",
    "hitech_invention_apps",
    "soe_invention_apps",
    "ip_review_rate",
    "counterfeit_closure_rate",
    "counterfeit_cases",
    "invention_apps",
    "pledge_financing",
    "insured_firms",
    "industrialization_projects",
    "strong_firms",
    "demo_units",
    "trademark_apps",
    "trademark_regs",
    "operators_supported",
    "patent_trade_volume",
    "agency_rate",
    "service_workforce",
]


def test_guangzhou_plan_structure():
    plan = load_plan(PLAN_ID)
    assert [t.id for t in plan.targets] == TARGET_IDS
    assert len(plan.tasks) == 17
    assert [t.number for t in plan.tasks] == list(range(1, 18))
    assert len(plan.phases) == 4
    assert len(plan.projects) == 5
    assert [p.id for p in plan.funding_programmes] == [
        "creation",
        "finance",
        "operation",
        "protection",
        "services",
        "management",
    ]
    for task in plan.tasks:
        assert task.lead, f"task {task.number} has no lead agency"
    thresholds = {t.id: t.threshold for t in plan.targets}
    assert thresholds["invention_apps"] == 0.18
    assert thresholds["patent_trade_volume"] == 1_000_000_000
    assert thresholds["agency_rate"] == 0.70
    assert plan.target("industrialization_projects").window == (2017, 2020)


@pytest.mark.skipif(
    not (SHARED / "plan").is_dir(), reason="shared plan material not beside the checkout"
)
def test_ids_match_targets_md_and_clauses_are_verbatim():
    md = (SHARED / "plan" / "TARGETS.md").read_text(encoding="utf-8")
    table = md.split("## The plan's timetable")[0]
    ids = re.findall(r"^\| ([a-z_]+) \|", table, flags=re.MULTILINE)
    assert [i for i in ids if i != "id"] == TARGET_IDS
    text = (SHARED / "plan" / "guangzhou-ip-action-plan-2017-2020.zh-Hant.txt").read_text(
        encoding="utf-8"
    )
    plan = load_plan(PLAN_ID)
    for t in plan.targets:
        assert t.clause in text, t.id
    for item in (
        *plan.phases,
        *plan.projects,
        *plan.tasks,
        *plan.funding_programmes,
        *plan.agencies.values(),
    ):
        assert item.quote in text, item


def test_bundled_plan_does_not_depend_on_shared():
    assert Path(load_plan(PLAN_ID).path).is_relative_to(
        Path(__file__).resolve().parents[1] / "ipsim"
    )


def test_second_plan_from_a_path_proves_nothing_is_guangzhou_specific():
    plan = load_plan(DATA / "plans" / "mini-recycling-2021-2025.yaml")
    assert plan.base_year == 2020
    assert plan.target("waste_per_capita").direction == "at_most"
    assert {t.kind for t in plan.targets} == {"share", "level", "cagr", "every_year", "cumulative"}
    assert PLAN_ID in bundled_plans()


def test_unknown_plan_id_suggests():
    with pytest.raises(PlanError, match="Did you mean 'guangzhou-ip-2017-2020'"):
        load_plan("guangzhou-ip-2017-2021")


def test_bad_plan_file_reports_line_and_path(tmp_path):
    text = (DATA / "plans" / "mini-recycling-2021-2025.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "bad-plan.yaml"
    bad.write_text(
        text.replace("kind: share, threshold: 0.35", "kind: shares, threshold: 0.35"),
        encoding="utf-8",
    )
    with pytest.raises(PlanError) as info:
        load_plan(bad)
    line = next(i for i, row in enumerate(bad.read_text().splitlines(), 1) if "kind: shares" in row)
    assert any(
        m.startswith(f"{bad}:{line}: targets[0].kind: unknown target kind")
        and "Did you mean 'share'" in m
        for m in info.value.problems
    )


def test_targets_frame_bilingual():
    plan = load_plan(PLAN_ID)
    zh = plan.targets_frame("zh")
    assert zh.loc[zh.id == "invention_apps", "lead_agency"].item() == "市知识产权局"
    assert (
        plan.targets_frame("en").loc[0, "lead_agency"] == "Municipal Intellectual Property Office"
    )
