"""Estimate how strongly the trends of IP indicators move together, from the reference data.

    python scripts/estimate_dependence.py [--data FOLDER] [--to-year YEAR]

Reads ``reference-provincial-national.csv`` and ``reference-cities.csv`` (default folder: the
project's shared data, ``../shared/data`` beside the repository) and prints, for every pair of
series it can line up, the Spearman correlation of their log growth, the number of pairs it
rests on and a 90 % interval (Fisher z with the Spearman standard error 1.03 / sqrt(n - 3)).
Three families of estimates:

- across places: the growth of two patent series over the same window, one pair per city or
  province (does a place whose applications grow fast also see its grants, PCT filings, stock in
  force grow fast?);
- over years: the yearly growth of two patent series in one place (Fujian, China), one pair per
  year: the shared swings (the 2016 subsidy surge, the 2019 crackdown) that a plan's years share;
- between scopes: the same series in a city and its province, or a province and the country.

It ends with what the bundled scenarios' ``dependence:`` blocks state for patent series: the
median of the first two families, and as the plausible range their lowest to highest estimate
(rounded out to 0.05, within [0, 0.9]). ``--to-year`` keeps only the figures a scenario of that
time could know: the Guangzhou scenarios (known by January 2018) and the national 13th
five-year plan's use ``--to-year 2016``, the national 14th's every figure (to 2020). The other
groups have no pair of series in the data and are stated as assumptions with wide ranges.
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"

PROVINCE_OF = {
    "Shenzhen": "Guangdong",
    "Dongguan": "Guangdong",
    "Foshan": "Guangdong",
    "Zhuhai": "Guangdong",
    "Wuhan": "Hubei",
    "Ningbo": "Zhejiang",
    "Hangzhou": "Zhejiang",
    "Xiamen": "Fujian",
    "Chengdu": "Sichuan",
    "Jinan": "Shandong",
    "Qingdao": "Shandong",
    "Nanjing": "Jiangsu",
    "Suzhou": "Jiangsu",
    "Xi'an": "Shaanxi",
    "Changsha": "Hunan",
    "Hefei": "Anhui",
}
"""Cities of the reference table and their provinces (the four municipalities are provinces)."""

FUJIAN_BREAKS = (2017,)
"""The Fujian yearbook notes "since 2017 statistical coverage adjusted": growth into 2017 is
left out."""
CITY_APPS = "invention_patent_applications (domestic, received by CNIPA)"
WIPO_RESIDENTS = (
    "invention_patent_applications (residents, WIPO definition = CNIPA domestic invention "
    "applications)"
)


@dataclass(frozen=True)
class Estimate:
    family: str
    label: str
    n: int
    spearman: float

    def interval(self, level: float = 0.90) -> tuple[float, float]:
        """A Fisher-z interval for a Spearman correlation (se 1.03 / sqrt(n - 3))."""
        z = math.atanh(max(min(self.spearman, 0.999), -0.999))
        half = stats.norm.ppf(0.5 + level / 2) * 1.03 / math.sqrt(max(self.n - 3, 1))
        return math.tanh(z - half), math.tanh(z + half)


def by_scope(frame: pd.DataFrame, indicator: str, year: int, *, prefix: bool = False) -> pd.Series:
    """One value per scope of ``indicator`` in ``year`` (the indicator text, or its start)."""
    rows = frame.indicator.str.startswith(indicator) if prefix else frame.indicator == indicator
    return frame[rows & (frame.year == year)].groupby("scope").value.first()


def by_year(frame: pd.DataFrame, scope: str, indicator: str) -> pd.Series:
    """One value per year of ``indicator`` in ``scope``."""
    rows = (frame.scope == scope) & (frame.indicator == indicator)
    return frame[rows].groupby("year").value.first()


def log_growth(later: pd.Series, earlier: pd.Series) -> pd.Series:
    return np.log(later / earlier)


def yearly_growth(series: pd.Series, breaks: tuple[int, ...] = ()) -> pd.Series:
    """Log growth into each year from the year before (consecutive years only), leaving out
    the years in ``breaks`` (a change of definition, not growth)."""
    series = series.sort_index()
    years = series.index.to_series()
    steps = (years.diff() == 1) & ~years.isin(breaks)
    return np.log(series / series.shift(1))[steps]


def estimate(family: str, label: str, a: pd.Series, b: pd.Series) -> Estimate:
    """The Spearman correlation of two series over the keys (scopes or years) they share."""
    pairs = pd.concat([a, b], axis=1, join="inner").replace([np.inf, -np.inf], np.nan).dropna()
    rho = float(stats.spearmanr(pairs.iloc[:, 0], pairs.iloc[:, 1])[0])
    return Estimate(family, label, len(pairs), rho)


def city_applications(city: pd.DataFrame, year: int) -> pd.Series:
    """Full-year invention applications of each city: as printed, or derived from CNIPA's
    running totals (the DERIVED rows)."""
    printed = by_scope(city, CITY_APPS, year)
    derived = by_scope(city, f"DERIVED {CITY_APPS}", year, prefix=True)
    return pd.concat([printed, derived]).groupby(level=0).first()


def across_places(prov: pd.DataFrame, city: pd.DataFrame) -> list[Estimate]:
    """Growth of two patent series over the same window, one pair per place."""
    family = "across places"
    apps_nov = "invention_patent_applications_growth_yoy (Jan–Nov vs same period of previous year)"
    grants_sep = "invention_patent_grants_growth_yoy (Jan–Sep vs same period of previous year)"
    pct_2016 = by_scope(city, "pct_applications_received_by_cnipa", 2016)
    pct_2014 = by_scope(city, "pct_applications_received_by_cnipa (Jan–Nov partial year)", 2014)
    force_2009 = by_scope(prov, "invention_patents_in_force (domestic)", 2009)
    force_2016 = by_scope(prov, "invention_patents_in_force (domestic, valid inventions)", 2016)
    total = "patents_in_force_total (domestic, three kinds)"
    return [
        estimate(
            family,
            "cities, 2014: invention applications (Jan-Nov) vs invention grants (Jan-Sep), yoy",
            by_scope(city, apps_nov, 2014),
            by_scope(city, grants_sep, 2014),
        ),
        estimate(
            family,
            "cities, 2014-2016: invention applications vs PCT filings (2014 Jan-Nov)",
            log_growth(city_applications(city, 2016), city_applications(city, 2014)),
            log_growth(pct_2016, pct_2014),
        ),
        estimate(
            family,
            "provinces: invention patents in force 2009-2016 vs all patents in force 2009-2014",
            log_growth(force_2016, force_2009),
            log_growth(by_scope(prov, total, 2014), by_scope(prov, total, 2009)),
        ),
    ]


def over_years(prov: pd.DataFrame) -> list[Estimate]:
    """Yearly growth of two patent series in one place, one pair per year."""
    family = "over years"
    fujian = {
        name: yearly_growth(by_year(prov, "Fujian", name), FUJIAN_BREAKS)
        for name in (
            "invention_patent_applications",
            "invention_patent_grants",
            "patent_applications",
            "patent_grants",
        )
    }
    china_apps = yearly_growth(by_year(prov, "China", WIPO_RESIDENTS))
    china_density = yearly_growth(by_year(prov, "China", "invention_patents_per_10k_people"))
    pairs = [
        ("invention_patent_applications", "invention_patent_grants"),
        ("invention_patent_applications", "patent_applications"),
        ("invention_patent_applications", "patent_grants"),
        ("invention_patent_grants", "patent_grants"),
    ]
    out = [estimate(family, f"Fujian: {a} vs {b}", fujian[a], fujian[b]) for a, b in pairs]
    out.append(
        estimate(
            family,
            "China: invention applications vs invention patents per 10,000 people",
            china_apps,
            china_density,
        )
    )
    return out


def between_scopes(prov: pd.DataFrame, city: pd.DataFrame) -> list[Estimate]:
    """The same series in a city and its province, or in a province and the country."""
    family = "between scopes"
    growth = "invention_patent_applications_yoy_growth"
    cities = by_scope(city, "invention_patent_applications_growth_yoy", 2016)
    cities = cities[cities.index.isin(PROVINCE_OF)]
    provinces = by_scope(prov, growth, 2016)
    theirs = pd.Series({c: provinces.get(PROVINCE_OF[c], np.nan) for c in cities.index})
    fujian = yearly_growth(by_year(prov, "Fujian", "invention_patent_applications"), FUJIAN_BREAKS)
    china = yearly_growth(by_year(prov, "China", WIPO_RESIDENTS))
    return [
        estimate(
            family, "2016: a city's invention applications vs its province's, yoy", cities, theirs
        ),
        estimate(family, "Fujian vs China: invention applications, yearly growth", fujian, china),
    ]


def read(path: Path, to_year: int | None) -> pd.DataFrame:
    """The reference table, keeping only the figures of ``to_year`` and earlier if given.

    The stored copy of a long series may come from a later yearbook (Fujian's from 2022), but
    its figures for a year were published the year after; revisions are ignored.
    """
    frame = pd.read_csv(path)
    return frame if to_year is None else frame[frame.year <= to_year]


def rounded_range(values: list[float]) -> tuple[float, float]:
    """The lowest to highest value, rounded out to 0.05 and kept inside [0, 0.9]."""
    low = max(0.0, math.floor(min(values) * 20) / 20)
    high = min(0.9, math.ceil(max(values) * 20) / 20)
    return low, high


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the reference CSVs")
    parser.add_argument(
        "--to-year",
        type=int,
        help="use only figures of this year and earlier (what a scenario of that time could know)",
    )
    args = parser.parse_args()
    prov = read(args.data / "reference-provincial-national.csv", args.to_year)
    city = read(args.data / "reference-cities.csv", args.to_year)
    estimates = [*across_places(prov, city), *over_years(prov), *between_scopes(prov, city)]
    estimates = [e for e in estimates if e.n >= 4]  # too few pairs for a correlation
    print(f"{'family':15s} {'n':>3s} {'Spearman':>8s} {'90% interval':>14s}  pair")
    for e in estimates:
        low, high = e.interval()
        print(f"{e.family:15s} {e.n:3d} {e.spearman:+8.2f} [{low:+.2f}, {high:+.2f}]  {e.label}")
    print()
    for family in ("across places", "over years", "between scopes"):
        values = [e.spearman for e in estimates if e.family == family]
        pairs = sum(e.n for e in estimates if e.family == family)
        if values:
            print(
                f"{family}: {min(values):+.2f} to {max(values):+.2f} "
                f"({len(values)} estimates, {pairs} pairs)"
            )
    patent = [e for e in estimates if e.family in ("across places", "over years")]
    values = [e.spearman for e in patent]
    median = round(float(np.median(values)) * 20) / 20
    low, high = rounded_range(values)
    pairs = sum(e.n for e in patent)
    print(
        f"patent series: median {np.median(values):.2f} of {len(patent)} estimates "
        f"({pairs} pairs), from {min(values):+.2f} to {max(values):+.2f}"
    )
    print(f"-> correlation {median:g}, range [{low:g}, {high:g}]")


if __name__ == "__main__":
    main()
