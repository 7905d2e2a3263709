"""Tesla's own data-center need: a scenario from named assumptions (``data/market/tesla_assumptions.csv``, each
sourced or marked an assumption), never a fact, and its sensitivity to each assumption."""


import numpy as np
import pandas as pd

from analysis.data.errors import UserError


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
