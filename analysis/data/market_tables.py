"""The sourced market tables of ``data/market/``: which estimates, growth rates, hindsight figures and 2023
projections are used (selected by fact id, values read from the fact files so no figure is typed twice), and the
assumptions of the Tesla scenario."""

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import csvfiles, facts, paths
from analysis.data.errors import DataError, fail_at


def _selection(path: Path, required: list[str], may_be_blank: tuple[str, ...] = ()) -> pd.DataFrame:
    """A selection table joined with the fact rows it names (value, unit, source, confidence, metric)."""
    where = paths.relative(path)
    table = csvfiles.read_table(path, required, may_be_blank)
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
    table = csvfiles.read_table(
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


def tesla_assumptions(path: Path | None = None) -> pd.DataFrame:
    """The named assumptions of the Tesla scenario with low/high cases, basis (sourced or assumption) and source."""
    table = csvfiles.read_table(
        path or paths.market("tesla_assumptions.csv"), ["name", "value", "unit", "low", "high", "basis", "source"]
    )
    for col in ("value", "low", "high"):
        table[col] = pd.to_numeric(table[col], errors="coerce")
    numbers = table[["value", "low", "high"]]
    if not np.isfinite(numbers.to_numpy(dtype=float)).all() or (numbers < 0).any().any():
        raise DataError("tesla_assumptions.csv: value, low and high must be finite numbers, not negative")
    return table.set_index("name")


TESLA_ACTUAL_KINDS = {"usd_bn": "USD billion", "h100e": "H100-equivalent GPUs"}


def tesla_actuals(path: Path | None = None) -> pd.DataFrame:
    """What Tesla disclosed after 2023 (``data/market/tesla_actuals.csv`` selects the facts by id): the number each
    fact states (the first number of its value, e.g. 15000 for 'approx. 15000'), its text, period and source."""
    path = path or paths.market("tesla_actuals.csv")
    where = paths.relative(path)
    table = csvfiles.read_table(path, ["fact_id", "what", "kind", "note"], may_be_blank=("note",))
    known = facts.all_facts().set_index("id")
    fail_at(where, ~table["fact_id"].isin(known.index), lambda pos: f"fact id {table['fact_id'].iloc[pos]} unknown")
    fail_at(where, ~table["kind"].isin(TESLA_ACTUAL_KINDS), "kind must be usd_bn or h100e")
    rows = known.loc[table["fact_id"]]
    number = rows["value"].str.replace(",", "").str.extract(r"(\d+(?:\.\d+)?)")[0].astype(float).to_numpy()
    fail_at(where, pd.Series(~np.isfinite(number) | (number <= 0)), "the fact states no positive number")
    stated, period, source = (rows[c].to_numpy() for c in ("value", "period", "source"))
    return table.assign(value=number, stated=stated, period=period, source=source)
