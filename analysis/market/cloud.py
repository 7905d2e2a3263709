"""AWS and its cloud peers by quarter: the metrics computed on the tables of :mod:`analysis.data.cloud_tables`
(growth within one series only; Microsoft's Aug-2024 recast is its own series), the seed's claim check, the peers
and the market shares by publisher."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data.cloud_tables import NEW_BASIS, load_table
from analysis.data.errors import DataError


def series(table: pd.DataFrame, name: str, metric: str) -> pd.Series:
    """One series as values indexed by quarter (sorted)."""
    rows = table[(table["series"] == name) & (table["metric"] == metric)]
    return rows.set_index("quarter")[table.columns[3]].sort_index()


def quarters(first: str, last: str) -> list[str]:
    """Every calendar quarter label from ``first`` to ``last``."""
    return [str(p) for p in pd.period_range(first, last, freq="Q")]


def aws_metrics(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """AWS per quarter: sales, operating income, YoY and QoQ growth, margin, trailing-twelve-month sales, run-rate."""
    table = load_table("usd") if table is None else table
    sales = series(table, "AWS", "net_sales")
    income = series(table, "AWS", "operating_income")
    idx = quarters(sales.index[0], sales.index[-1])
    missing = sorted(set(idx) - set(sales.index))
    if missing:
        raise DataError(f"AWS net sales missing for {', '.join(missing)}")
    sales = sales.reindex(idx)
    out = pd.DataFrame(index=pd.Index(idx, name="quarter"))
    out["net_sales_usd_bn"] = sales
    out["operating_income_usd_bn"] = income.reindex(idx)
    out["yoy_growth"] = sales / sales.shift(4) - 1
    out["qoq_growth"] = sales / sales.shift(1) - 1
    out["operating_margin"] = out["operating_income_usd_bn"] / sales
    out["ttm_sales_usd_bn"] = sales.rolling(4).sum()
    out["run_rate_usd_bn"] = sales * 4
    src = table[(table["series"] == "AWS") & (table["metric"] == "net_sales")].set_index("quarter")
    out["source"] = src["source"].reindex(idx)
    out["confidence"] = src["confidence"].reindex(idx)
    return out


@dataclass(frozen=True)
class ClaimCheck:
    """A 'sales of $X billion, up Y% year over year' claim recomputed from the data at the claim's own rounding."""

    quarter: str
    claimed_sales_usd_bn: float
    claimed_yoy_growth: float
    sales_usd_bn: float
    year_ago_quarter: str
    year_ago_sales_usd_bn: float
    yoy_growth: float
    source: str

    @property
    def sales_supported(self) -> bool:
        return bool(np.isclose(round(self.sales_usd_bn, 1), self.claimed_sales_usd_bn))

    @property
    def growth_supported(self) -> bool:
        return round(self.yoy_growth, 2) == round(self.claimed_yoy_growth, 2)

    @property
    def supported(self) -> bool:
        return self.sales_supported and self.growth_supported


def claim_check(metrics: pd.DataFrame, quarter: str, sales_usd_bn: float, growth: float) -> ClaimCheck:
    """Recompute a 'sales of $X billion, up Y% year over year' claim for ``quarter``."""
    row = metrics.loc[quarter]
    year_ago = metrics.index[metrics.index.get_loc(quarter) - 4]
    return ClaimCheck(
        quarter=quarter,
        claimed_sales_usd_bn=sales_usd_bn,
        claimed_yoy_growth=growth,
        sales_usd_bn=float(row["net_sales_usd_bn"]),
        year_ago_quarter=year_ago,
        year_ago_sales_usd_bn=float(metrics.loc[year_ago, "net_sales_usd_bn"]),
        yoy_growth=float(row["yoy_growth"]),
        source=row["source"],
    )


def shares(table: pd.DataFrame | None = None, metric: str = "share_canalys_revised") -> pd.DataFrame:
    """Market shares in percent by quarter (rows) and provider (columns) for one research firm's series."""
    table = load_table("pct") if table is None else table
    rows = table[table["metric"] == metric]
    return rows.pivot(index="quarter", columns="series", values="value_pct").sort_index()


def source_list(table: pd.DataFrame) -> pd.DataFrame:
    """Each source once, with the figures it supplies (series, metric, quarters) and their confidence."""
    grouped = table.groupby("source", sort=False).agg(
        figures=(
            "metric",
            lambda m: ", ".join(sorted({f"{s} {x}" for s, x in zip(table.loc[m.index, "series"], m, strict=True)})),
        ),
        quarters=("quarter", lambda q: ", ".join(sorted(q))),
        confidence=("confidence", lambda c: ", ".join(sorted(set(c)))),
        fact_ids=("fact_id", lambda i: ", ".join(i)),
    )
    return grouped.reset_index()


# Provider series of the peer comparison: (series, revenue metric, operating-income metric or None).
PEER_SERIES = [
    ("AWS", "net_sales", "operating_income"),
    ("Microsoft Intelligent Cloud", "revenue", None),
    ("Microsoft Intelligent Cloud" + NEW_BASIS, "revenue", None),
    ("Google Cloud", "revenue", "operating_income"),
]


def peer_rows(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per provider series and quarter: revenue, operating income (NaN where not disclosed or not
    collected), YoY growth against the same quarter a year earlier in the same series (so Microsoft's recast and
    as-reported figures never meet in one rate; where that quarter is missing, the growth the company stated on the
    same basis), operating margin and its basis (``as first reported`` for Google Cloud's figures from before its
    2023 recast, which the margin chart draws as a series of its own), basis (as reported / recast) and source."""
    table = load_table("usd") if table is None else table
    stated = load_table("pct")
    frames = []
    for name, revenue, income in PEER_SERIES:
        rows = table[(table["series"] == name) & (table["metric"] == revenue)].set_index("quarter").sort_index()
        if rows.empty:
            continue
        value = rows["value_usd_bn"]
        year_ago = pd.Series([_shift_year(q) for q in value.index], index=value.index)
        frame = pd.DataFrame(
            {
                "provider": name,
                "quarter": value.index,
                "revenue_usd_bn": value.to_numpy(),
                "operating_income_usd_bn": series(table, name, income).reindex(value.index).to_numpy()
                if income
                else np.nan,
                "yoy_growth": (value / value.reindex(year_ago).to_numpy() - 1).to_numpy(),
                "basis": ["recast" if "recast" in n else "as reported" for n in rows["note"]],
                "source": rows["source"].to_numpy(),
            }
        )
        notes = table[(table["series"] == name) & (table["metric"] == income)].set_index("quarter")["note"]
        first = notes.reindex(value.index).fillna("").str.startswith(FIRST_REPORTED).to_numpy()
        frame["margin_basis"] = np.where(first, "as first reported", "")
        said = series(stated, name, "yoy_growth_stated").reindex(value.index).to_numpy() / 100
        gap = np.isnan(frame["yoy_growth"].to_numpy()) & ~np.isnan(said)
        frame["growth_basis"] = np.where(
            gap, "stated by the company", np.where(frame["yoy_growth"].isna(), "", "computed")
        )
        frame.loc[gap, "yoy_growth"] = said[gap]
        frame["operating_margin"] = frame["operating_income_usd_bn"] / frame["revenue_usd_bn"]
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


FIRST_REPORTED = "as first reported, before the 2023 recast"  # Google Cloud's 2021 operating income


def _shift_year(quarter: str) -> str:
    """The same quarter a year earlier: '2024Q3' -> '2023Q3'."""
    return f"{int(quarter[:4]) - 1}{quarter[4:]}"


SHARE_PUBLISHERS = {
    "share_synergy": "Synergy",
    "share_canalys_revised": "Canalys (revised Aug 2024)",
    "share_canalys_first": "Canalys (as first published)",
}


def share_rows(table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per quarter, publisher and provider: the share in percent and its source."""
    table = load_table("pct") if table is None else table
    rows = table[table["metric"].isin(list(SHARE_PUBLISHERS))]
    out = pd.DataFrame(
        {
            "quarter": rows["quarter"],
            "publisher": rows["metric"].map(SHARE_PUBLISHERS),
            "provider": rows["series"],
            "share": rows["value_pct"],
            "source": rows["source"],
        }
    )
    return out.sort_values(["quarter", "publisher", "provider"], ignore_index=True)
