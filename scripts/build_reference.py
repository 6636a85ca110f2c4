"""Build ipsim/data/reference/reference.csv from the shared source tables.

    python scripts/build_reference.py [--data FOLDER] [--out FILE]

Reads the shared tables (default folder: ``../shared/data`` beside the repository), keeps their
columns as they are and annotates every row with its family, measure, period, bound, definition
and known breaks (see :mod:`ipsim.reference`). It never edits a figure: a row without a
publication date gets ``published = year + 1`` and ``published_derived = year+1``. Guangzhou's
own rows of ``observed-to-2017.csv`` are left out (the plan's observed data is bundled
separately), and the script refuses a Guangzhou figure after 2017 or a national one after 2020.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pandas as pd

from ipsim.schema.observed import OBSERVED_COLUMNS

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "ipsim" / "data" / "reference" / "reference.csv"
FILES = [
    "reference-provincial-national.csv",
    "reference-cities.csv",
    "national-history.csv",
    "observed-to-2017.csv",
]
COLS = [*OBSERVED_COLUMNS, "published"]

FAMILY_PREFIXES = [  # (regex on the indicator's first word, family)
    (r"^high_value_invention_patents_per_10k", "high_value_patents_per_10k"),
    (r"^invention_patents_in_force_per_million", "patents_per_10k"),
    (r"^invention_patents_per_10k", "patents_per_10k"),
    (r"^invention_patent_applications_per_10k", "invention_patent_applications_per_10k"),
    (r"^invention_patent_grants_per_10k", "invention_patent_grants_per_10k"),
    (r"^patent_applications_per_10k", "patent_applications_per_10k"),
    (r"^patent_grants_per_10k", "patent_grants_per_10k"),
    (r"^service_invention_patent_applications", "service_invention_patent_applications"),
    (r"^service_patent_grants", "service_patent_grants"),
    (r"^invention_share_of_patent_applications", "invention_share_of_applications"),
    (r"^invention_patent_applications", "invention_patent_applications"),
    (r"^invention_patent_grants", "invention_patent_grants"),
    (r"^domestic_invention_patent_grants", "invention_patent_grants"),
    (r"^overseas_invention_patent_grants", "overseas_invention_grants"),
    (r"^(invention_patents_in_force|valid_invention_patents_stock)", "invention_patents_in_force"),
    (r"^patents_in_force", "patents_in_force"),
    (r"^patent_applications", "patent_applications"),
    (r"^patent_grants", "patent_grants"),
    (r"^pct_", "pct_applications"),
    (r"^trademark_applications", "trademark_applications"),
    (r"^trademark_registrations", "trademark_registrations"),
    (r"^(trademarks_in_force|valid_registered_trademarks)", "trademarks_in_force"),
    (r"^trademark_pledge", "trademark_pledge_financing"),
    (
        r"^(patent_and_trademark_pledge|patent_pledge|ip_pledge|patent_pledge_loans)",
        "pledge_financing",
    ),
    (r"^patent_pledge_projects", "pledge_projects"),
    (r"^(ip_related_technology_contract|technology_contract)", "technology_contracts"),
    (r"^ip_transaction_amount", "ip_transactions"),
    (r"^patent_administrative_enforcement_cases", "patent_enforcement_cases"),
    (r"^counterfeit_patent_cases", "counterfeit_patent_cases"),
    (r"^patent_enforcement_case_closure_rate", "enforcement_closure_rate"),
    (
        r"^gbt29490_(ip_management_standard_enterprises|enterprises|certified)",
        "gbt29490_enterprises",
    ),
    (r"^gbt29490_", "gbt29490_other"),
    (r"^patent_agencies", "patent_agencies"),
    (r"^trademark_agencies", "trademark_agencies"),
    (r"^practicing_patent_agents", "patent_agents"),
    (r"^high_tech_enterprises", "high_tech_enterprises"),
    (r"^ip_protection_satisfaction", "ip_protection_satisfaction"),
    (r"^ip_royalty", "ip_royalty_trade"),
    (r"^patent_intensive_industries_share", "patent_intensive_share"),
    (r"^copyright_industries_share", "copyright_share"),
    (r"^rd_intensity", "rd_intensity"),
    (r"^headquarter_enterprises_patent_applications", "patent_applications"),
    (r"^headquarter_enterprises_valid_invention", "invention_patents_in_force"),
    (r"^patent_insurance_enterprises", "patent_insured_firms"),
    (r"^patents_insured", "patents_insured"),
]


def text_of(row):
    return re.sub(r"^DERIVED ", "", str(row.indicator))


def family(row):
    t = text_of(row)
    for pattern, fam in FAMILY_PREFIXES:
        if re.search(pattern, t):
            return fam
    return "other"


def measure(row):
    t, u = text_of(row), str(row.unit)
    if re.search(r"yoy|growth_yoy|growth \(|growth rate", t):
        return "yoy_growth"
    if "cagr" in t:
        return "cagr"
    if "two-year sum" in t:
        return "two_year_sum"
    if re.search(r"cumulative 20\d\d.20\d\d", t):
        return "period_sum"
    if "net_increase" in t:
        return "net_increase"
    if "per_working_day" in t:
        return "per_working_day"
    if re.search(r"per_10k|per_million", t):
        return "per_capita"
    if u.startswith("%") or re.search(r"_share|share_of|_rate\b|_rate |intensity", t):
        return "share"
    if "subsid" in t or "policy rate" in t or "categories" in t or "pool" in t or "fund" in t:
        return "other"
    return "level"


MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
FULL = {
    "January": "Jan",
    "February": "Feb",
    "March": "Mar",
    "April": "Apr",
    "June": "Jun",
    "July": "Jul",
    "August": "Aug",
    "September": "Sep",
    "October": "Oct",
    "November": "Nov",
}


def period(row):
    t = text_of(row) + " " + str(row.unit)
    if "DERIVED" in str(row.indicator) and re.search(r"\[cum", t):
        return "full_year"  # a running total differenced over a full year (see indicator)
    m = re.search(rf"Jan\s*[-–]\s*({MONTHS})", t)
    if m and m.group(1) != "Dec":
        return f"partial: Jan-{m.group(1)}"
    m = re.search(
        r"end of (January|February|March|April|June|July|August|September|October|November)", t
    )
    m = m or re.search(rf"end-({MONTHS})(?![a-z])", t)
    m = m or re.search(r"end of (Apr|Aug|Nov)\b", t)
    if m:
        mon = FULL.get(m.group(1), m.group(1))
        return f"month_end: end-{mon}"
    if "SAIC stat year" in t:
        return "stat_year: mid-Dec to mid-Dec"
    if "2015 to Oct 2016" in t:
        return "partial: 2015 to Oct 2016"
    if "start of 5-yr pilot" in t:
        return "approximate year"
    return "full_year"


def bound(row):
    t = text_of(row) + " " + str(row.unit)
    if re.search(r"lower bound|lower-bound|突破|超过|超\d|more than|余家|at least|>=", t):
        return "lower"
    if re.search(r"upper bound|不超过|至多|at most", t):
        return "upper"
    return ""


def definition(row):
    t = text_of(row).lower()
    if "wipo count" in t:
        return "wipo_count"
    if "residents" in t or "domestic" in t or "from home" in t:
        return "domestic"
    if "incl. foreign" in t or "incl foreign" in t or "total incl" in t or "cnipa ro, total" in t:
        return "total_incl_foreign"
    if "patents only" in t:
        return "patents_only"
    if "patent_and_trademark" in t:
        return "patents_and_trademarks"
    if "researcher count" in t:
        return "researcher_count"
    if "compiled by research group" in t:
        return "research_group_count"
    if "headquarter" in t:
        return "headquarter_enterprises"
    if "census-revised" in t:
        return "census_revised_population"
    return ""


def breaks(row):
    notes = []
    t = text_of(row)
    fam, scope, year = row.family, row.scope, int(row.year)
    if "NOT year-end" in t:
        notes.append("month-end stock, not year-end")
    if scope == "Fujian" and "Yearbook" in str(row.source_title) and year >= 2017:
        notes.append("Fujian yearbook coverage change in 2017")
    if fam in ("invention_patent_applications", "patent_applications") and year == 2016:
        notes.append("subsidy-driven filing surge in 2016")
    if fam in ("invention_patent_applications", "patent_applications") and year == 2019:
        notes.append("fall in 2019 after the crackdown on abnormal filings")
    if fam == "pledge_financing":
        notes.append("definition varies: patents only vs patents and trademarks (see definition)")
    if fam == "pct_applications" and row.definition != "wipo_count":
        notes.append("PCT received by CNIPA differs from WIPO's count")
    if fam == "patents_per_10k" and ("census" in t or (scope == "Shenzhen" and year == 2020)):
        notes.append("2020 census revised the population denominator")
    if fam == "high_value_patents_per_10k":
        notes.append("high-value per 10,000 is a newer, different measure")
    return "; ".join(notes)


def main(data: Path = DEFAULT_DATA, out: Path = DEFAULT_OUT) -> None:
    """Read the shared tables in ``data`` and write the annotated reference table to ``out``."""
    frames = []
    for name in FILES:
        d = pd.read_csv(Path(data) / name, dtype=str, keep_default_na=False)
        if name == "observed-to-2017.csv":
            d = d[~d["scope"].str.startswith("Guangzhou")]
        if "published" not in d.columns:
            d["published"] = ""
        d["source_file"] = name
        frames.append(d)
    d = pd.concat(frames, ignore_index=True)[[*COLS, "source_file"]]
    d["published_derived"] = ""
    missing = d["published"].str.strip() == ""
    d.loc[missing, "published"] = (d.loc[missing, "year"].astype(int) + 1).astype(str)
    d.loc[missing, "published_derived"] = "year+1"
    d["family"] = [family(r) for r in d.itertuples()]
    d["measure"] = [measure(r) for r in d.itertuples()]
    d["period"] = [period(r) for r in d.itertuples()]
    d["bound"] = [bound(r) for r in d.itertuples()]
    d["definition"] = [definition(r) for r in d.itertuples()]
    d["break"] = [breaks(r) for r in d.itertuples()]
    # the gathering rule of the project: no Guangzhou figure after 2017, no national after 2020
    yr = d["year"].astype(int)
    bad = ((d["scope"].str.startswith("Guangzhou")) & (yr > 2017)) | (
        (d["scope"] == "China") & (yr > 2020)
    )
    assert not bad.any(), d[bad]
    d = d.sort_values(
        ["family", "scope", "definition", "measure", "year", "source_file"], kind="stable"
    )
    d.to_csv(out, index=False)
    print(len(d), "rows")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the table to write")
    args = parser.parse_args()
    main(args.data, args.out)
