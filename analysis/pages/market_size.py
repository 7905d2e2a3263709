"""Page 01: the '$250 billion' triangulated, built bottom-up, projected, converted to RMB, set beside Tesla's own
need (scenario) and checked in hindsight."""

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from analysis import case
from analysis.data import market_tables
from analysis.market import scenario, sizing
from analysis.pages import checks

STATED_YEAR, STATED_TTM = "C024", "D040"  # Synergy's own totals: full year 2023 and twelve months to 2023Q2
RATE_CHECK = ("D021", "D023", "D022")  # Whiteshield's 2023 base, its stated rate, its published 2028 value


@dataclass
class MarketSize:
    """Everything page 01 shows."""

    claim_usd_bn: float
    year: int
    estimates: pd.DataFrame
    triangulation: sizing.Triangulation
    bottom_up: sizing.BottomUp
    stated_year_usd_bn: float
    stated_ttm_usd_bn: float
    rates: pd.DataFrame  # published growth rates, by fact id
    chosen_rates: dict[str, float]  # scenario label -> rate
    projection: pd.DataFrame
    projection_to: int
    rate_check: sizing.RateCheck
    conversion: pd.DataFrame
    assumptions: pd.DataFrame
    params: dict[str, float]
    need: pd.Series
    tornado: pd.DataFrame
    hindsight: pd.DataFrame
    latest: pd.DataFrame
    tesla_actuals: pd.DataFrame  # what Tesla disclosed after 2023: capex, AI spend, training compute

    @property
    def actuals(self) -> pd.DataFrame:
        """The latest figure of each publisher and scope for the years after the claim's (measured or derived)."""
        return self.latest[self.latest["year"] > self.year]

    def measured(self, year: int) -> pd.DataFrame:
        """The latest measured (not forecast, not derived) figures of ``year``."""
        rows = self.latest[self.latest["year"] == year]
        return rows[rows["basis"] != "derived"]

    @property
    def capex_usd_bn(self) -> float:
        """Tesla's 2023 capital expenditure, the scenario's yardstick."""
        return self.params["capex_2023_usd_bn"]

    @property
    def projection_ends(self) -> list[str]:
        """The labels of the lowest and highest chosen growth rates (the fan's edges; one label twice for one rate)."""
        rates = self.chosen_rates
        return [min(rates, key=rates.get), max(rates, key=rates.get)]


def analyse(
    claim_usd_bn: float, projection_to: int, projection_rates: dict[str, str], values: Mapping[str, object]
) -> MarketSize:
    """Page 01 from the bundled data; the Tesla scenario's values are read from ``values`` by the names of
    ``data/market/tesla_assumptions.csv`` (a notebook passes its parameters)."""
    assumptions = market_tables.tesla_assumptions()
    params = {name: values[name] for name in assumptions.index}
    checks.market_size(claim_usd_bn, projection_to, projection_rates, **params)
    year = case.CLAIM_YEAR
    table = market_tables.estimates()
    result = sizing.triangulate(table, year, claim_usd_bn)
    stated = table.set_index("fact_id")["value_usd_bn"]
    rates = market_tables.growth_rates().set_index("fact_id")
    chosen = {
        f"{k}: {rates.loc[v, 'publisher']} {rates.loc[v, 'cagr']:.1%} ({rates.loc[v, 'scope']})": rates.loc[v, "cagr"]
        for k, v in projection_rates.items()
    }
    hind = market_tables.hindsight()
    return MarketSize(
        claim_usd_bn=claim_usd_bn,
        year=year,
        estimates=table,
        triangulation=result,
        bottom_up=sizing.bottom_up(year),
        stated_year_usd_bn=stated[STATED_YEAR],
        stated_ttm_usd_bn=stated[STATED_TTM],
        rates=rates,
        chosen_rates=chosen,
        projection=sizing.project(result.median_usd_bn, year, chosen, projection_to),
        projection_to=projection_to,
        rate_check=sizing.rate_check(*RATE_CHECK),
        conversion=sizing.rmb_conversion(),
        assumptions=assumptions,
        params=params,
        need=scenario.tesla_need(params),
        tornado=scenario.tornado(assumptions, params, result.median_usd_bn),
        hindsight=hind,
        latest=sizing.latest_all(hind),
        tesla_actuals=market_tables.tesla_actuals(),
    )
