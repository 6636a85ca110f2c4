"""The bundled reference table: its gathering rules, publication filter and series."""

from __future__ import annotations

from pathlib import Path

import pytest

from ipsim.errors import ArgumentError
from ipsim.reference import family_of, load_reference, plan_families, reference_series

SOURCE_COLUMNS = [
    "indicator", "plan_indicator", "year", "value", "unit", "scope",
    "source_title", "source_url", "quote", "confidence", "published",
]  # fmt: skip


def test_the_table_keeps_every_source_column_and_its_annotations():
    table = load_reference()
    for column in [*SOURCE_COLUMNS, "family", "measure", "period", "bound", "break"]:
        assert column in table.columns
    assert (table["source_title"] != "").all()
    assert table["confidence"].isin(["high", "medium", "low"]).all()


def test_no_guangzhou_figure_after_2017_and_no_national_after_2020():
    table = load_reference()
    assert not (table["scope"].str.startswith("Guangzhou") & (table["year"] > 2017)).any()
    assert not ((table["scope"] == "China") & (table["year"] > 2020)).any()


def test_rows_without_a_publication_date_are_taken_as_published_the_year_after():
    table = load_reference()
    derived = table[table["published_derived"] == "year+1"]
    assert len(derived) > 0
    assert (derived["published"].astype(int) == derived["year"] + 1).all()


def test_published_by_keeps_only_what_was_out_by_the_end_of_that_year():
    early = load_reference(published_by=2014)
    assert (early["published_end"] <= "2014-12-31").all()
    assert len(load_reference(published_by="2017-04")) < len(load_reference(published_by=2017))
    with pytest.raises(ArgumentError, match="published_by"):
        load_reference(published_by="last year")


def test_a_series_keeps_one_definition_and_one_figure_a_year():
    for series in reference_series("invention_patent_applications"):
        assert len(set(series.years)) == len(series.years)
        assert list(series.years) == sorted(series.years)
    china = next(s for s in reference_series("invention_patent_applications") if s.scope == "China")
    assert china.definition == "domestic"
    assert any("total_incl_foreign" in alt for alt in china.alternatives)


def test_partial_years_bounds_and_month_ends_stay_out_of_series():
    rows = load_reference()
    bounded = rows[(rows["bound"] != "") & (rows["family"] == "invention_patent_applications")]
    assert len(bounded) > 0
    for series in reference_series("invention_patent_applications"):
        for year, value in zip(series.years, series.values, strict=True):
            assert not ((bounded["scope"] == series.scope) & (bounded["year"] == year)
                        & (bounded["base_value"] == value)).any()  # fmt: skip


def test_every_bundled_plan_indicator_is_mapped():
    from ipsim.plan import load_plan

    mapped = plan_families()
    for plan_id in ("guangzhou-ip-2017-2020", "national-ip-2016-2020", "national-ip-2021-2025"):
        plan = load_plan(plan_id)
        for indicator in plan.indicators:
            assert (plan_id, indicator.id) in mapped, (plan_id, indicator.id)
    assert family_of("guangzhou-ip-2017-2020", "trademark_apps") == "trademark_applications"


SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="the shared source tables are not here")
def test_the_build_script_reproduces_the_bundled_table(tmp_path):
    import runpy

    script = Path(__file__).resolve().parents[1] / "scripts" / "build_reference.py"
    build = runpy.run_path(str(script))["main"]
    build(SHARED_DATA, tmp_path / "reference.csv")
    bundled = Path(__file__).resolve().parents[1] / "ipsim" / "data" / "reference" / "reference.csv"
    assert (tmp_path / "reference.csv").read_bytes() == bundled.read_bytes()
