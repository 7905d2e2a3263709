"""The quarterly cloud tables: built from the fact files, written to ``data/cloud/`` and read back validated.

``build_tables`` selects rows of areas A-C of ``data/facts/facts.csv`` and ``facts-2024-2025.csv`` by rule,
converts USD millions to billions and writes two tables to ``data/cloud/`` (``python -m analysis tables``): amounts in
USD billion and percentages. Every row keeps its source, confidence and fact id; rows that are our arithmetic say
``derived``; where two sources give one figure, the first is kept and the note names the other.

Microsoft recast its segments in August 2024 (fiscal 2025): Intelligent Cloud lost Nuance and more, so the series
breaks. Figures on the old segments (as first reported, to 2024Q2) are series ``Microsoft Intelligent Cloud``; the
recast prior quarters and everything reported from 2024Q3 on are ``Microsoft Intelligent Cloud (FY25 segments)``
(likewise ``Microsoft Azure`` for the stated Azure growth). A growth rate is computed within one series only.
"""

import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import csvfiles, facts, paths
from analysis.data.errors import DataError, fail_at

KEYS = ["quarter", "series", "metric"]
COLUMNS = {"usd": [*KEYS, "value_usd_bn", "source", "confidence", "fact_id", "note"]}
COLUMNS["pct"] = [*KEYS, "value_pct", "source", "confidence", "fact_id", "note"]
_QUARTER = re.compile(r"^\d{4}Q[1-4]$")
MS_NOTE = "Microsoft fiscal {fq} mapped to calendar {q}; as first reported"
MS_RECAST = "Microsoft fiscal {fq} mapped to calendar {q}; recast in Aug 2024 to the FY2025 segments"
MS_NEW_BASIS_FROM = "2024Q3"  # the first quarter Microsoft reported on its FY2025 segments
NEW_BASIS = " (FY25 segments)"

# (metric pattern, series, metric, note) — the first matching rule takes a fact row; unmatched rows are not used.
_RULES: list[tuple[str, str, str, str]] = [
    (r"^AWS segment net sales \(derived check\)$", "", "", ""),
    (r"^AWS segment operating income \(as reported by ZDNet; conflicts\)$", "", "", ""),
    (r"^AWS segment net sales$", "AWS", "net_sales", ""),
    (r"^AWS segment operating income", "AWS", "operating_income", ""),
    (
        r"^Microsoft Intelligent Cloud segment revenue, RECAST",
        "Microsoft Intelligent Cloud" + NEW_BASIS,
        "revenue",
        MS_RECAST,
    ),
    (r"^Microsoft Intelligent Cloud segment revenue", "Microsoft Intelligent Cloud", "revenue", MS_NOTE),
    (r"^Microsoft Intelligent Cloud revenue YoY growth", "Microsoft Intelligent Cloud", "yoy_growth_stated", MS_NOTE),
    (r"^Microsoft Azure and other cloud services revenue YoY growth", "Microsoft Azure", "yoy_growth_stated", MS_NOTE),
    (r"^Google Cloud segment revenue$", "Google Cloud", "revenue", ""),
    (r"^Google Cloud segment operating income \(as recast", "Google Cloud", "operating_income", "restated in 2023"),
    (
        r"^Google Cloud segment operating income \(as originally reported",
        "Google Cloud",
        "operating_income",
        "as first reported, before the 2023 recast (not comparable with 2023)",
    ),
    (r"^Google Cloud segment operating income", "Google Cloud", "operating_income", ""),
    (r"^Synergy: worldwide cloud infrastructure services revenue", "Market (Synergy)", "revenue", ""),
    (r"^Synergy: cloud infrastructure services trailing-12-month", "Market (Synergy)", "ttm_revenue", ""),
    (r"^Synergy: cloud infrastructure services YoY growth", "Market (Synergy)", "yoy_growth_stated", ""),
    (r"^Synergy: AWS share", "AWS", "share_synergy", ""),
    (r"^Synergy: Microsoft share", "Microsoft Azure", "share_synergy", ""),
    (r"^Synergy: Google share", "Google Cloud", "share_synergy", ""),
    (r"^Canalys: worldwide cloud infrastructure services spending \(quarter\)", "Market (Canalys)", "revenue", ""),
    (r"^Canalys: cloud infrastructure services YoY growth", "Market (Canalys)", "yoy_growth_stated", ""),
    (r"^Canalys \(revised Aug 2024\): AWS share", "AWS", "share_canalys_revised", ""),
    (r"^Canalys \(revised Aug 2024\): Microsoft Azure share", "Microsoft Azure", "share_canalys_revised", ""),
    (r"^Canalys \(revised Aug 2024\): Google Cloud share", "Google Cloud", "share_canalys_revised", ""),
    (r"^Canalys \(as first published\): AWS share", "AWS", "share_canalys_first", ""),
    (r"^Canalys \(as first published\): Microsoft Azure share", "Microsoft Azure", "share_canalys_first", ""),
    (r"^Canalys \(as first published\): Google Cloud share", "Google Cloud", "share_canalys_first", ""),
]
_FISCAL = re.compile(r"MS (FY\d\d Q\d)")
_BAND = re.compile(r"^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?) \(band")


def _rule(metric: str) -> tuple[int, str, str, str] | None:
    """The first rule matching a fact's metric text (its rank decides between two rows of the same figure)."""
    for rank, (pattern, series, name, note) in enumerate(_RULES):
        if re.search(pattern, metric):
            return (rank, series, name, note) if series else None
    return None


def _number(row: pd.Series) -> tuple[float, str, str]:
    """The value as a float in the table's unit, and any note and confidence change that conversion implies."""
    text, unit = row["value"].strip(), row["unit"]
    band = _BAND.match(text)
    if band:
        low, high = float(band.group(1)), float(band.group(2))
        if "bottom end" in text:
            return low, f"bottom end of the stated {text}", "derived"
        return (low + high) / 2, f"midpoint of the stated {text}", "derived"
    value = float(text)
    if unit == "USD million":
        return value / 1000, "converted from USD million", row["confidence"]
    return value, "", row["confidence"]


def build_tables(fact_table: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The tidy quarterly tables ``usd`` and ``pct`` from the fact rows of areas A-C."""
    table = facts.all_facts() if fact_table is None else fact_table
    rows = {"usd": [], "pct": []}
    candidates = table[table["area"].isin(["A", "B", "C"]) & table["period"].str.match(_QUARTER)]
    ranked = [(rule, row) for _, row in candidates.iterrows() if (rule := _rule(row["metric"])) is not None]
    chosen: dict[tuple[str, str, str], tuple[int, list]] = {}
    for (rank, series, metric, note), row in sorted(ranked, key=lambda pair: pair[0][0]):
        reported = series.startswith("Microsoft") and metric in ("revenue", "yoy_growth_stated")
        if reported and row["period"] >= MS_NEW_BASIS_FROM and not series.endswith(NEW_BASIS):
            series = series + NEW_BASIS  # reported on the FY2025 segments
        key = (row["period"], series, metric)
        if key in chosen:  # a higher-ranked rule (e.g. the 2023 recast) already supplied this figure
            first_rank, kept = chosen[key]
            if first_rank == rank:  # the same figure from another source: say so beside the one kept
                kept[-1] = "; ".join(t for t in (kept[-1], f"also given as {row['value']} ({row['id']})") if t)
            continue
        value, conversion, confidence = _number(row)
        fiscal = _FISCAL.search(row["metric"])
        text = note.format(fq=fiscal.group(1), q=row["period"]) if fiscal else note
        kind = "pct" if row["unit"] == "percent" else "usd"
        if kind == "usd" and row["unit"] not in ("USD billion", "USD million"):
            raise DataError(f"facts.csv {row['id']}: unit {row['unit']!r} cannot be converted to USD billion")
        entry = [row["period"], series, metric, round(value, 6), row["source"], confidence, row["id"],
                 "; ".join(t for t in (text, conversion) if t)]  # fmt: skip
        chosen[key] = (rank, entry)
        rows[kind].append(entry)
    return {
        kind: pd.DataFrame(data, columns=COLUMNS[kind]).sort_values(KEYS, ignore_index=True)
        for kind, data in rows.items()
    }


def write_tables() -> list[Path]:
    """Regenerate ``data/cloud/*.csv`` from the fact tables."""
    targets = {kind: paths.cloud_table(kind) for kind in ("usd", "pct")}
    targets["usd"].parent.mkdir(parents=True, exist_ok=True)
    built = build_tables()
    for kind, path in targets.items():
        built[kind].to_csv(path, index=False, lineterminator="\n")
    return list(targets.values())


def load_table(kind: str = "usd", path: Path | None = None) -> pd.DataFrame:
    """One of the committed tables, validated: quarters well formed, no duplicate quarter, a source on every row."""
    path = path or paths.cloud_table(kind)
    where = paths.relative(path)
    if not path.exists():
        raise DataError(f"{where}: file not found; rebuild it with: python -m analysis tables")
    table = csvfiles.frame(path, keep_default_na=False)
    missing = [c for c in COLUMNS[kind] if c not in table.columns]
    if missing:
        raise DataError(f"{where}: missing column(s) {', '.join(missing)}")
    value = COLUMNS[kind][3]
    checks = [
        (~table["quarter"].astype(str).str.match(_QUARTER), "quarter is not like 2023Q2"),
        (table.duplicated(KEYS), "duplicate quarter for this series and metric"),
        (table["source"].astype(str).str.strip() == "", "missing source"),
        (~table["confidence"].isin(sorted(facts.CONFIDENCE)), "unknown confidence"),
        (~np.isfinite(pd.to_numeric(table[value], errors="coerce")), f"{value} is not a finite number"),
    ]
    number = pd.to_numeric(table[value], errors="coerce")
    if kind == "usd":
        amounts = table["metric"].isin(["net_sales", "revenue", "ttm_revenue"])
        checks.append((amounts & ~(number > 0), f"{value} must be positive for revenue"))
    else:
        shares = table["metric"].str.startswith("share_")
        checks.append((shares & ~number.between(0, 100), "a market share must lie between 0 and 100"))
        checks.append((~shares & ~(number > -100), "a growth rate must be above -100%"))
    for mask, problem in checks:
        fail_at(where, mask, problem, label=lambda pos: " ".join(table.iloc[pos][KEYS]))
    table[value] = table[value].astype(float)
    return table
