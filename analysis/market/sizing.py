"""The data-center market: triangulation of the '$250 billion' claim from sourced estimates, a bottom-up build
from cloud-infrastructure revenue, projections under published growth rates, the seed's RMB conversion, and the
latest figure of each publisher and scope in hindsight (tables in :mod:`analysis.data.market_tables`)."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import case
from analysis.data import cloud_tables, facts, market_tables
from analysis.data.errors import DataError, UserError
from analysis.market import cloud

NEAR = 0.10  # an estimate within 10% of the claim counts as matching it


@dataclass(frozen=True)
class Triangulation:
    """The comparable whole-market estimates of one year set against the claim."""

    year: int
    claim_usd_bn: float
    rows: pd.DataFrame  # the comparable estimates, smallest first
    near: pd.DataFrame  # those within NEAR of the claim
    scopes_below: list[str]  # scopes whose every estimate lies below the claim
    scopes_above: list[str]

    @property
    def n(self) -> int:
        return len(self.rows)

    @property
    def low_usd_bn(self) -> float:
        return float(self.rows["value_usd_bn"].min())

    @property
    def high_usd_bn(self) -> float:
        return float(self.rows["value_usd_bn"].max())

    @property
    def median_usd_bn(self) -> float:
        return float(self.rows["value_usd_bn"].median())

    @property
    def claim_inside(self) -> bool:
        return self.low_usd_bn <= self.claim_usd_bn <= self.high_usd_bn


def triangulate(
    table: pd.DataFrame, year: int = case.CLAIM_YEAR, claim: float = case.MARKET_CLAIM_USD_BN
) -> Triangulation:
    """Range, median and scopes of the comparable whole-market estimates for one year, against the claim."""
    if isinstance(claim, bool) or not isinstance(claim, int | float) or not np.isfinite(claim) or claim <= 0:
        raise UserError(f"the claimed market size must be a positive number of USD billion, got {claim!r}")
    rows = table[(table["year"] == year) & table["comparable"]].sort_values("value_usd_bn")
    if rows["publisher"].nunique() < 2:
        raise UserError(f"fewer than two comparable estimates for {year}")
    values = rows["value_usd_bn"]
    by_scope = rows.groupby("scope")["value_usd_bn"].agg(["min", "max"])
    return Triangulation(
        year=year,
        claim_usd_bn=float(claim),
        rows=rows,
        near=rows[(values - claim).abs() <= NEAR * claim],
        scopes_below=sorted(by_scope.index[by_scope["max"] < claim]),
        scopes_above=sorted(by_scope.index[by_scope["min"] > claim]),
    )


def latest(hind: pd.DataFrame, year: int) -> pd.DataFrame:
    """Per publisher and scope, the most recent figure for ``year`` that is not a forecast (the last row listed),
    preferring rows that are not of low confidence."""
    rows = hind[(hind["year"] == year) & (hind["basis"] != "forecast")]
    rows = rows.assign(_low=rows["confidence"].eq("low")).sort_values("_low", kind="stable")
    picked = rows.groupby(["publisher", "scope"], sort=False).apply(
        lambda g: g[~g["_low"]].tail(1) if (~g["_low"]).any() else g.tail(1), include_groups=False
    )
    return picked.reset_index(level=[0, 1]).reset_index(drop=True)


def latest_all(hind: pd.DataFrame) -> pd.DataFrame:
    """:func:`latest` for every year in the table."""
    return pd.concat([latest(hind, y) for y in sorted(hind["year"].unique())], ignore_index=True)


@dataclass(frozen=True)
class BottomUp:
    """Cloud-infrastructure services revenue (Synergy's quarterly totals) for one year and around one quarter."""

    year: int
    quarter: str
    quarters: pd.Series  # the year's quarters, USD billion
    split_usd_bn: pd.DataFrame  # the year's quarters by provider (Synergy shares times totals) and "others"
    ttm_usd_bn: float  # the four quarters to ``quarter``
    annualised_usd_bn: float  # ``quarter`` times 4

    @property
    def year_usd_bn(self) -> float:
        return float(self.quarters.sum())


def bottom_up(
    year: int = case.CLAIM_YEAR,
    quarter: str = case.AWS_QUARTER,
    usd: pd.DataFrame | None = None,
    pct_table: pd.DataFrame | None = None,
) -> BottomUp:
    """Cloud-infrastructure revenue from Synergy's quarterly totals, and its split by provider (derived)."""
    usd = cloud_tables.load_table("usd") if usd is None else usd
    pct_table = cloud_tables.load_table("pct") if pct_table is None else pct_table
    quarterly = cloud.series(usd, "Market (Synergy)", "revenue")
    shares = cloud.shares(pct_table, "share_synergy")
    year_quarters = quarterly.loc[f"{year}Q1" : f"{year}Q4"]
    if len(year_quarters) != 4 or quarter not in quarterly.index or quarterly.index.get_loc(quarter) < 3:
        raise UserError(f"Synergy's quarterly totals do not cover {year} and the four quarters to {quarter}")
    at = quarterly.index.get_loc(quarter)
    split = shares.loc[year_quarters.index].mul(year_quarters, axis=0) / 100
    split["others"] = year_quarters - split.sum(axis=1)
    return BottomUp(
        year=year,
        quarter=quarter,
        quarters=year_quarters,
        split_usd_bn=split,
        ttm_usd_bn=float(quarterly.iloc[at - 3 : at + 1].sum()),
        annualised_usd_bn=float(quarterly[quarter] * 4),
    )


def project(base_usd_bn: float, base_year: int, rates: dict[str, float], to_year: int = 2030) -> pd.DataFrame:
    """Compound growth of a base value under each named annual rate (fractions), one column per scenario."""
    if base_usd_bn <= 0:
        raise UserError(f"base value must be positive, got {base_usd_bn}")
    if to_year <= base_year:
        raise UserError(f"projection end {to_year} must be after the base year {base_year}")
    for name, r in rates.items():
        if not -0.5 < r < 1.0:
            raise UserError(f"growth rate {name} = {r} is not a plausible annual rate (use a fraction, e.g. 0.058)")
    years = np.arange(base_year, to_year + 1)
    return pd.DataFrame({n: base_usd_bn * (1 + r) ** (years - base_year) for n, r in rates.items()}, index=years)


@dataclass(frozen=True)
class RateCheck:
    """A publisher's stated growth rate applied to its own base value, against the end value it published."""

    publisher: str
    start: int
    end: int
    base_usd_bn: float
    cagr: float
    published_usd_bn: float

    @property
    def grown_usd_bn(self) -> float:
        return float(project(self.base_usd_bn, self.start, {"rate": self.cagr}, self.end).loc[self.end, "rate"])

    @property
    def implied_cagr(self) -> float:
        """The annual rate the publisher's own two endpoints imply."""
        return (self.published_usd_bn / self.base_usd_bn) ** (1 / (self.end - self.start)) - 1


def rate_check(base_id: str, rate_id: str, published_id: str) -> RateCheck:
    """Does a stated CAGR (``growth_rates.csv``) take the publisher's base estimate (``estimates.csv``) to the value
    it published for the end year (``data/facts``)? A gap means the stated rate is rounded or the endpoints differ."""
    base = market_tables.estimates().set_index("fact_id").loc[base_id]
    rate = market_tables.growth_rates().set_index("fact_id").loc[rate_id]
    published = facts.all_facts().set_index("id").loc[published_id]
    if published["unit"] != "USD billion" or int(base["year"]) != int(rate["start"]):
        raise DataError(f"fact {published_id} or {base_id} does not match the span of growth rate {rate_id}")
    return RateCheck(
        publisher=str(base["publisher"]),
        start=int(rate["start"]),
        end=int(rate["end"]),
        base_usd_bn=float(base["value_usd_bn"]),
        cagr=float(rate["cagr"]),
        published_usd_bn=float(published["value"]),
    )


def rmb_conversion(fact_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The seed's $250B ≈ 1.82 trillion RMB at each USD/CNY rate of that week in the data."""
    table = facts.facts() if fact_table is None else fact_table
    market = ~table["metric"].str.contains("estimate") & (table["confidence"] != "derived")
    rates = table[(table["area"] == "F") & (table["unit"] == "CNY per USD") & market].copy()
    rates["rate"] = rates["value"].astype(float)
    rates["rmb_trillion"] = case.MARKET_CLAIM_USD_BN * rates["rate"] / 1000
    rates["rounds_to_claim"] = rates["rmb_trillion"].round(2) == case.MARKET_CLAIM_RMB_TRILLION
    return rates[["id", "period", "metric", "rate", "rmb_trillion", "rounds_to_claim", "confidence", "source"]]
