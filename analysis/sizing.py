"""The data-center market: sourced estimates, triangulation of the '$250 billion' claim, a bottom-up build from
cloud-infrastructure revenue, projections under published growth rates, and a scenario of Tesla's own need.

Estimates and growth rates are selected and classified in ``data/market/*.csv`` by fact id; their values,
sources and confidence are read from ``data/facts/facts.csv`` so that no figure is typed twice.
"""

from pathlib import Path

import numpy as np
import pandas as pd

from analysis import cloud, facts, paths
from analysis.errors import DataError, UserError, fail_at
from analysis.fmt import pct

MARKET = paths.DATA / "market"
CLAIM_USD_BN = 250.0
CLAIM_RMB_TRILLION = 1.82
NEAR = 0.10  # an estimate within 10% of the claim counts as matching it


def _selection(path: Path, required: list[str], may_be_blank: tuple[str, ...] = ()) -> pd.DataFrame:
    """A selection table joined with the fact rows it names (value, unit, source, confidence, metric)."""
    where = paths.relative(path)
    table = facts.read_table(path, required, may_be_blank)
    fact_table = facts.facts().set_index("id")
    fail_at(
        where,
        ~table["fact_id"].isin(fact_table.index),
        lambda pos: f"fact id {table['fact_id'].iloc[pos]} is not in facts.csv",
    )
    if table["fact_id"].duplicated().any():
        raise DataError(f"{where}: fact id {table['fact_id'][table['fact_id'].duplicated()].iloc[0]} listed twice")
    joined = table.join(fact_table[["metric", "value", "unit", "source", "confidence"]], on="fact_id")
    joined["value"] = pd.to_numeric(joined["value"], errors="coerce")
    bad = joined["value"].isna()
    if bad.any():
        raise DataError(f"{where}: fact {joined['fact_id'][bad].iloc[0]} has no single numeric value")
    return joined


def estimates(path: Path | None = None) -> pd.DataFrame:
    """Market-size estimates in USD billion with publisher, scope, year, basis, vintage, source and confidence."""
    table = _selection(
        path or MARKET / "estimates.csv",
        ["fact_id", "publisher", "scope", "year", "basis", "vintage", "comparable", "note"],
        may_be_blank=("note",),
    )
    if (table["unit"] != "USD billion").any():
        raise DataError(
            f"estimates: fact {table['fact_id'][table['unit'] != 'USD billion'].iloc[0]} is not in USD billion"
        )
    table["year"] = table["year"].astype(int)
    table["comparable"] = table["comparable"].eq("yes")
    return table.rename(columns={"value": "value_usd_bn"}).drop(columns="unit")


def growth_rates(path: Path | None = None) -> pd.DataFrame:
    """Published compound annual growth rates (fractions) with their scope and period."""
    table = _selection(
        path or MARKET / "growth_rates.csv", ["fact_id", "publisher", "scope", "start", "end", "note"], ("note",)
    )
    if (table["unit"] != "percent").any():
        raise DataError("growth_rates: every fact must be a percentage")
    table["cagr"] = table["value"] / 100
    return table.drop(columns=["value", "unit"])


def triangulate(table: pd.DataFrame, year: int = 2023, claim: float = CLAIM_USD_BN) -> dict:
    """Range, median and scopes of the comparable whole-market estimates for one year, against the claim."""
    rows = table[(table["year"] == year) & table["comparable"]].sort_values("value_usd_bn")
    if rows["publisher"].nunique() < 2:
        raise UserError(f"fewer than two comparable estimates for {year}")
    values = rows["value_usd_bn"]
    near = rows[(values - claim).abs() <= NEAR * claim]
    by_scope = rows.groupby("scope")["value_usd_bn"].agg(["min", "max"])
    below = sorted(by_scope.index[by_scope["max"] < claim])
    above = sorted(by_scope.index[by_scope["min"] > claim])
    result = {
        "year": year,
        "claim_usd_bn": claim,
        "n": len(rows),
        "range_usd_bn": [float(values.min()), float(values.max())],
        "median_usd_bn": float(values.median()),
        "near": near,
        "scopes_below": below,
        "scopes_above": above,
        "rows": rows,
    }
    result["verdict"] = _verdict(result)
    return result


def _verdict(t: dict) -> str:
    low, high = t["range_usd_bn"]
    inside = low <= t["claim_usd_bn"] <= high
    names = ", ".join(f"{r.publisher} {r.scope} ${r.value_usd_bn:g}B" for r in t["near"].itertuples())
    return (
        f"The ${t['claim_usd_bn']:g}B claim is {'within' if inside else 'outside'} the range of {t['n']} comparable "
        f"{t['year']} estimates (${low:g}B to ${high:g}B, median ${t['median_usd_bn']:g}B); "
        f"{len(t['near'])} lie within {NEAR:.0%} of it ({names}), so it is a fair order of magnitude for the "
        "market's hardware spending, capex or cloud-infrastructure revenue, but the seeds name no source and no "
        "single definition gives exactly that figure."
    )


def bottom_up(usd: pd.DataFrame | None = None, pct_table: pd.DataFrame | None = None) -> dict:
    """Cloud-infrastructure revenue from Synergy's quarterly totals, and its split by provider (derived)."""
    usd = cloud.load_table("usd") if usd is None else usd
    pct_table = cloud.load_table("pct") if pct_table is None else pct_table
    quarterly = cloud.series(usd, "Market (Synergy)", "revenue")
    shares = cloud.shares(pct_table, "share_synergy")
    year_2023 = quarterly.loc["2023Q1":"2023Q4"]
    ttm = quarterly.loc["2022Q3":"2023Q2"]
    split = shares.loc[year_2023.index].mul(year_2023, axis=0) / 100
    split["others"] = year_2023 - split.sum(axis=1)
    return {
        "sum_2023_usd_bn": float(year_2023.sum()),
        "ttm_2023q2_usd_bn": float(ttm.sum()),
        "annualised_2023q2_usd_bn": float(quarterly["2023Q2"] * 4),
        "quarters": year_2023,
        "split_usd_bn": split,
    }


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


def rmb_conversion(fact_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """The seed's $250B ≈ 1.82 trillion RMB at each USD/CNY rate of that week in the data."""
    table = facts.facts() if fact_table is None else fact_table
    market = ~table["metric"].str.contains("estimate") & (table["confidence"] != "derived")
    rates = table[(table["area"] == "F") & (table["unit"] == "CNY per USD") & market].copy()
    rates["rate"] = rates["value"].astype(float)
    rates["rmb_trillion"] = CLAIM_USD_BN * rates["rate"] / 1000
    rates["rounds_to_claim"] = rates["rmb_trillion"].round(2) == CLAIM_RMB_TRILLION
    return rates[["id", "period", "metric", "rate", "rmb_trillion", "rounds_to_claim", "confidence", "source"]]


def conversion_verdict(conv: pd.DataFrame) -> str:
    """One sentence on which rate reproduces the seed's conversion."""
    implied = CLAIM_RMB_TRILLION * 1000 / CLAIM_USD_BN
    match = "; ".join(f"{r.metric} {r.period} ({r.rate:g})" for r in conv[conv["rounds_to_claim"]].itertuples())
    miss = "; ".join(
        f"{r.metric} {r.period} ({r.rate:g}, giving {r.rmb_trillion:.2f})"
        for r in conv[~conv["rounds_to_claim"]].itertuples()
    )
    return (
        f"1.82 trillion RMB / $250B implies {implied:.2f} CNY per USD. "
        f"Rates that reproduce 1.82 trillion: {match or 'none in the data'}. Rates that do not: {miss or 'none'}."
    )


# --- Tesla's own need: a scenario, never a fact --------------------------------------------------------------


def tesla_assumptions(path: Path | None = None) -> pd.DataFrame:
    """The named assumptions of the Tesla scenario with low/high cases, basis (sourced or assumption) and source."""
    table = facts.read_table(
        path or MARKET / "tesla_assumptions.csv", ["name", "value", "unit", "low", "high", "basis", "source"]
    )
    for col in ("value", "low", "high"):
        table[col] = pd.to_numeric(table[col], errors="coerce")
    if table[["value", "low", "high"]].isna().any().any():
        raise DataError("tesla_assumptions.csv: value, low and high must be numbers")
    return table.set_index("name")


def tesla_need(params: dict[str, float]) -> pd.Series:
    """Annual data-center spending implied by the assumptions, USD billion, by component."""
    p = validate_params(params)
    return pd.Series(
        {
            "Dojo training compute": p["dojo_spend_usd_bn"] / p["dojo_years"],
            "GPU training cluster": p["gpu_count"] * p["usd_per_gpu_installed"] / p["gpu_life_years"] / 1e9,
            "fleet data storage and processing": p["fleet_vehicles"]
            * p["tb_per_vehicle_year"]
            * p["usd_per_tb_year"]
            / 1e9,
        }
    )


POSITIVE = [
    "dojo_spend_usd_bn",
    "dojo_years",
    "usd_per_gpu_installed",
    "gpu_life_years",
    "usd_per_tb_year",
    "capex_2023_usd_bn",
]
NON_NEGATIVE = ["gpu_count", "fleet_vehicles", "tb_per_vehicle_year"]


def validate_params(params: dict[str, float]) -> dict[str, float]:
    """Every assumption present, numeric and in a sensible range; a clear error naming the first that is not."""
    missing = [k for k in POSITIVE + NON_NEGATIVE if k not in params]
    if missing:
        raise UserError(f"Tesla assumption(s) missing: {', '.join(missing)}")
    out = {}
    for key, value in params.items():
        if key not in POSITIVE + NON_NEGATIVE:
            raise UserError(f"unknown Tesla assumption {key!r}; known: {', '.join(POSITIVE + NON_NEGATIVE)}")
        if isinstance(value, bool) or not isinstance(value, int | float) or not np.isfinite(value):
            raise UserError(f"Tesla assumption {key} must be a finite number, got {value!r}")
        if key in POSITIVE and value <= 0:
            raise UserError(f"Tesla assumption {key} must be positive, got {value}")
        if key in NON_NEGATIVE and value < 0:
            raise UserError(f"Tesla assumption {key} must not be negative, got {value}")
        out[key] = float(value)
    if out["dojo_years"] > 20 or out["gpu_life_years"] > 20:
        raise UserError("spread and life in years must be at most 20")
    return out


def tornado(assumptions: pd.DataFrame, params: dict[str, float], market_usd_bn: float) -> pd.DataFrame:
    """Tesla's share of the market when each assumption alone moves to its low and high case."""
    base = tesla_need(params).sum() / market_usd_bn
    rows = []
    for name in assumptions.index:
        if name not in params or name == "capex_2023_usd_bn":
            continue
        low = tesla_need({**params, name: assumptions.loc[name, "low"]}).sum() / market_usd_bn
        high = tesla_need({**params, name: assumptions.loc[name, "high"]}).sum() / market_usd_bn
        rows.append({"assumption": name, "low_share": low, "high_share": high, "base_share": base})
    frame = pd.DataFrame(rows)
    frame["swing"] = (frame["high_share"] - frame["low_share"]).abs()
    return frame.sort_values("swing", ascending=True, ignore_index=True)


def describe_share(need: pd.Series, market_usd_bn: float, capex_usd_bn: float) -> str:
    """One sentence on the scenario result."""
    total = need.sum()
    return (
        f"Under these assumptions Tesla's own data-center need is about ${total:.2f}B a year, "
        f"{pct(total / market_usd_bn, 2, signed=False)} of a ${market_usd_bn:g}B market and "
        f"{pct(total / capex_usd_bn, 1, signed=False)} of its 2023 capital expenditure (${capex_usd_bn:g}B); "
        f"the largest component is {need.idxmax()} (${need.max():.2f}B). A scenario, not a measurement."
    )
