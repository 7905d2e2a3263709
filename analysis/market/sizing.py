"""The data-center market: sourced estimates, triangulation of the '$250 billion' claim, a bottom-up build from
cloud-infrastructure revenue, projections under published growth rates, and a scenario of Tesla's own need.

Estimates and growth rates are selected and classified in ``data/market/*.csv`` by fact id; their values,
sources and confidence are read from ``data/facts/facts.csv`` and ``facts-2024-2025.csv`` so that no figure is typed
twice. ``hindsight`` sets the 2024 and 2025 figures beside the claim and beside the projections made in 2023.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import case
from analysis.data import facts, paths
from analysis.data.errors import DataError, UserError, fail_at
from analysis.market import cloud
from analysis.present.fmt import pct

NEAR = 0.10  # an estimate within 10% of the claim counts as matching it


def _selection(path: Path, required: list[str], may_be_blank: tuple[str, ...] = ()) -> pd.DataFrame:
    """A selection table joined with the fact rows it names (value, unit, source, confidence, metric)."""
    where = paths.relative(path)
    table = facts.read_table(path, required, may_be_blank)
    fact_table = facts.all_facts().set_index("id")
    fail_at(
        where,
        ~table["fact_id"].isin(fact_table.index),
        lambda pos: f"fact id {table['fact_id'].iloc[pos]} is not in the fact tables",
    )
    if table["fact_id"].duplicated().any():
        raise DataError(f"{where}: fact id {table['fact_id'][table['fact_id'].duplicated()].iloc[0]} listed twice")
    joined = table.join(fact_table[["metric", "value", "unit", "source", "confidence"]], on="fact_id")
    joined["value"] = pd.to_numeric(joined["value"], errors="coerce")
    bad = ~np.isfinite(joined["value"]) | (joined["value"] <= 0)
    if bad.any():
        raise DataError(f"{where}: fact {joined['fact_id'][bad].iloc[0]} has no single positive finite value")
    return joined


def estimates(path: Path | None = None) -> pd.DataFrame:
    """Market-size estimates in USD billion with publisher, scope, year, basis, vintage, source and confidence."""
    table = _selection(
        path or paths.market("estimates.csv"),
        ["fact_id", "publisher", "scope", "year", "basis", "vintage", "comparable", "note"],
        may_be_blank=("note",),
    )
    if (table["unit"] != "USD billion").any():
        raise DataError(
            f"estimates: fact {table['fact_id'][table['unit'] != 'USD billion'].iloc[0]} is not in USD billion"
        )
    where = paths.relative(path or paths.market("estimates.csv"))
    _check_years(table, where)
    fail_at(where, ~table["comparable"].isin(["yes", "no"]), lambda pos: "comparable must be yes or no")
    table["year"] = table["year"].astype(int)
    table["comparable"] = table["comparable"].eq("yes")
    return table.rename(columns={"value": "value_usd_bn"}).drop(columns="unit")


def _check_years(table: pd.DataFrame, where: str) -> None:
    """A year column of four-digit years."""
    fail_at(where, ~table["year"].astype(str).str.fullmatch(r"(19|20)\d\d"), "year is not a year like 2023")


def growth_rates(path: Path | None = None) -> pd.DataFrame:
    """Published compound annual growth rates (fractions) with their scope and period."""
    table = _selection(
        path or paths.market("growth_rates.csv"), ["fact_id", "publisher", "scope", "start", "end", "note"], ("note",)
    )
    if (table["unit"] != "percent").any():
        raise DataError("growth_rates: every fact must be a percentage")
    table["cagr"] = table["value"] / 100
    return table.drop(columns=["value", "unit"])


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


def hindsight(path: Path | None = None, projections: Path | None = None) -> pd.DataFrame:
    """The market by scope, year and vintage 2023-2025 (``data/market/hindsight.csv``), each row with the projection
    for its year that the same publisher made in 2023 where one exists (``projections_2023.csv``) and its error."""
    table = _selection(
        path or paths.market("hindsight.csv"),
        ["fact_id", "publisher", "scope", "year", "basis", "vintage", "note"],
        may_be_blank=("note",),
    )
    if (table["unit"] != "USD billion").any():
        raise DataError(
            f"hindsight: fact {table['fact_id'][table['unit'] != 'USD billion'].iloc[0]} is not USD billion"
        )
    _check_years(table, paths.relative(path or paths.market("hindsight.csv")))
    table["year"] = table["year"].astype(int)
    table = table.rename(columns={"value": "value_usd_bn"}).drop(columns="unit")
    made = projections_2023(projections)
    joined = table.merge(made, on=["publisher", "scope", "year"], how="left")
    joined["projection_error"] = joined["value_usd_bn"] / joined["projection_2023_usd_bn"] - 1
    return joined


def projections_2023(path: Path | None = None) -> pd.DataFrame:
    """What publishers projected in 2023 for later years: a stated forecast, or a base grown by a stated rate."""
    path = path or paths.market("projections_2023.csv")
    where = paths.relative(path)
    table = facts.read_table(
        path, ["publisher", "scope", "year", "vintage", "fact_id", "growth_fact_id", "note"], ("growth_fact_id",)
    )
    _check_years(table, where)
    known = facts.all_facts().set_index("id")
    for col in ("fact_id", "growth_fact_id"):
        listed = table[col] != ""
        fail_at(where, listed & ~table[col].isin(known.index), lambda pos, c=col: f"{c} {table[c].iloc[pos]} unknown")
    base = pd.to_numeric(known.loc[table["fact_id"], "value"], errors="coerce").to_numpy()
    growth = [float(known.loc[g, "value"]) / 100 if g else 0.0 for g in table["growth_fact_id"]]
    value = base * (1 + np.array(growth))
    fail_at(where, pd.Series(~np.isfinite(value) | (value <= 0)), "projection is not a positive number")
    return pd.DataFrame(
        {
            "publisher": table["publisher"],
            "scope": table["scope"],
            "year": table["year"].astype(int),
            "projection_2023_usd_bn": value.round(3),
            "projection_vintage": table["vintage"],
            "projection_note": table["note"],
        }
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


def hindsight_table(hind: pd.DataFrame) -> pd.DataFrame:
    """The hindsight rows for people: formatted numbers, '—' where there is no 2023 projection, source URL."""
    from analysis.market.timeline import first_url

    return pd.DataFrame(
        {
            "year": hind["year"],
            "publisher": hind["publisher"],
            "scope": hind["scope"],
            "basis": hind["basis"],
            "vintage": hind["vintage"],
            "USD billion": [f"{v:,.1f}" for v in hind["value_usd_bn"]],
            "projected in 2023": [
                f"{v:,.1f} ({w})" if pd.notna(v) else "—"
                for v, w in zip(hind["projection_2023_usd_bn"], hind["projection_vintage"], strict=True)
            ],
            "outcome vs projection": [pct(e) if pd.notna(e) else "—" for e in hind["projection_error"]],
            "confidence": hind["confidence"],
            "source": "source",
            "url": hind["source"].map(first_url),
        }
    )


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
    usd = cloud.load_table("usd") if usd is None else usd
    pct_table = cloud.load_table("pct") if pct_table is None else pct_table
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
    base = estimates().set_index("fact_id").loc[base_id]
    rate = growth_rates().set_index("fact_id").loc[rate_id]
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


# --- Tesla's own need: a scenario, never a fact --------------------------------------------------------------


def tesla_assumptions(path: Path | None = None) -> pd.DataFrame:
    """The named assumptions of the Tesla scenario with low/high cases, basis (sourced or assumption) and source."""
    table = facts.read_table(
        path or paths.market("tesla_assumptions.csv"), ["name", "value", "unit", "low", "high", "basis", "source"]
    )
    for col in ("value", "low", "high"):
        table[col] = pd.to_numeric(table[col], errors="coerce")
    numbers = table[["value", "low", "high"]]
    if not np.isfinite(numbers.to_numpy(dtype=float)).all() or (numbers < 0).any().any():
        raise DataError("tesla_assumptions.csv: value, low and high must be finite numbers, not negative")
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
