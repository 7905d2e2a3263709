"""Command-line output: JSON documents and plain-text tables of the analyses."""

import json
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from analysis.market import sizing
    from analysis.methods import caar

from analysis.fmt import pct
from analysis.methods.eventstudy import Study


def _records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts of plain Python values (dates as YYYY-MM-DD)."""
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            out[col] = out[col].dt.strftime("%Y-%m-%d")
    return json.loads(out.to_json(orient="records", double_precision=15))


def event_json(result: Study) -> str:
    """One object per ticker with its fitted model, CAR test and daily abnormal returns."""
    docs = []
    for row in _records(result.full_table()):
        days = result.daily[(result.daily["ticker"] == row["ticker"]) & (result.daily["day0"] == row["day0"])]
        row["abnormal_returns"] = _records(days.drop(columns=["ticker", "day0"]))
        docs.append(row)
    return json.dumps(docs, indent=2, allow_nan=False)


def rows_json(frame: pd.DataFrame) -> str:
    """A table as a JSON list of row objects (missing values as null)."""
    return json.dumps(_records(frame), indent=2, ensure_ascii=False, allow_nan=False)


def peers_table(rows: pd.DataFrame) -> str:
    """Revenue (and YoY growth) by quarter, one column per provider series."""
    cell = [
        f"{r:.2f} ({pct(g)})" if pd.notna(g) else f"{r:.2f}"
        for r, g in zip(rows["revenue_usd_bn"], rows["yoy_growth"], strict=True)
    ]
    wide = rows.assign(cell=cell).pivot(index="quarter", columns="provider", values="cell").fillna("—")
    return (
        "Cloud revenue by calendar quarter, USD billion (YoY growth within the same series); Microsoft's Aug-2024 "
        "segment recast starts a new series\n\n" + wide.to_string()
    )


def shares_table(rows: pd.DataFrame) -> str:
    """Shares in percent by quarter, one column per publisher and provider."""
    wide = rows.pivot(index="quarter", columns=["publisher", "provider"], values="share").sort_index(axis=1)
    return (
        "Cloud-infrastructure market shares, percent\n\n"
        + wide.map(lambda v: "—" if pd.isna(v) else f"{v:g}").to_string()
    )


def aws_json(metrics: pd.DataFrame) -> str:
    """One object per quarter (growth and margin as fractions; null where the year-ago quarter is not in the data)."""
    frame = metrics.reset_index()
    return json.dumps(_records(frame), indent=2, allow_nan=False)


def aws_table(metrics: pd.DataFrame) -> str:
    """A terminal table of the AWS series."""
    shown = pd.DataFrame(
        {
            "net sales $B": metrics["net_sales_usd_bn"].map(lambda v: f"{v:.2f}"),
            "YoY": metrics["yoy_growth"].map(lambda v: pct(v) if pd.notna(v) else ""),
            "QoQ": metrics["qoq_growth"].map(lambda v: pct(v) if pd.notna(v) else ""),
            "op. income $B": metrics["operating_income_usd_bn"].map(lambda v: f"{v:.2f}"),
            "margin": metrics["operating_margin"].map(lambda v: pct(v, signed=False)),
            "TTM $B": metrics["ttm_sales_usd_bn"].map(lambda v: f"{v:.1f}" if pd.notna(v) else ""),
            "confidence": metrics["confidence"],
        }
    )
    return "AWS segment by quarter (sources: python -m analysis aws --format json)\n\n" + shown.to_string()


HINDSIGHT_FIELDS = [
    "year", "publisher", "scope", "value_usd_bn", "basis", "vintage", "source", "confidence", "fact_id",
    "projection_2023_usd_bn", "projection_vintage", "projection_error",
]  # fmt: skip


def size_json(table: pd.DataFrame, result: "sizing.Triangulation", hindsight: pd.DataFrame, verdict: str) -> str:
    """Every estimate, the triangulation of the claim for the year with its verdict in words, and hindsight."""
    cols = [
        "publisher",
        "metric",
        "scope",
        "year",
        "basis",
        "vintage",
        "comparable",
        "value_usd_bn",
        "source",
        "confidence",
    ]
    doc = {
        "estimates": _records(table[[*cols, "fact_id"]]),
        "year": result.year,
        "comparable_estimates": result.n,
        "range_usd_bn": [result.low_usd_bn, result.high_usd_bn],
        "median_usd_bn": result.median_usd_bn,
        "claim_usd_bn": result.claim_usd_bn,
        "within_10pct_of_claim": _records(result.near[["publisher", "scope", "value_usd_bn"]]),
        "scopes_below_claim": result.scopes_below,
        "scopes_above_claim": result.scopes_above,
        "verdict": verdict,
        "hindsight": _records(hindsight[HINDSIGHT_FIELDS]),
    }
    return json.dumps(doc, indent=2, allow_nan=False)


def size_table(result: "sizing.Triangulation", verdict: str) -> str:
    """The comparable estimates of the year and the verdict."""
    rows = result.rows[["publisher", "scope", "basis", "vintage", "value_usd_bn", "confidence"]]
    return (
        f"Comparable {result.year} estimates (USD billion):\n\n{rows.to_string(index=False)}\n\n"
        + verdict
    )


def claims_json(table: pd.DataFrame) -> str:
    """The ledger as a list of claims with verdict, evidence and source."""
    return json.dumps(_records(table), indent=2, ensure_ascii=False, allow_nan=False)


def claims_table(table: pd.DataFrame) -> str:
    """The ledger, one block per claim."""
    blocks = [
        f"{r.id} [{r.verdict.upper()}] {r.claim}\n    seeds: {r.seeds}\n    evidence: {r.evidence}"
        for r in table.itertuples()
    ]
    counts = table["verdict"].value_counts()
    head = ", ".join(f"{n} {v}" for v, n in counts.items())
    return f"Claims ledger: {len(table)} claims ({head})\n\n" + "\n\n".join(blocks)


def caar_json(agg: "caar.Aggregate") -> str:
    """A multi-event study: settings, CAAR with its interval, residual correlation, per-event rows (with intervals
    and adjusted p-values), each event's influence, the daily path and the tests with the hit count."""
    count = agg.count_significant
    tests = {name: result.as_dict() for name, result in agg.tests.items()}
    tests["count_significant"] = {"k": count.k, "n": count.n, "level": count.level, "p_value": count.p_value}
    doc = {
        "measure": agg.measure,
        "n_events": agg.n_events,
        "model": agg.spec.model,
        "estimation": list(agg.spec.estimation),
        "window": list(agg.spec.window),
        "caar": agg.caar,
        "caar_ci": list(agg.caar_ci) if agg.caar_ci else None,
        "residual_correlation": agg.residual_correlation,
        "overlapping_pairs": agg.overlapping_pairs,
        "events": [
            event | {"sar": [float(v) for v in sar]}
            for event, sar in zip(_records(agg.table), agg.sar.to_numpy(), strict=True)
        ],
        "influence": _records(agg.influence),
        "daily": _records(agg.daily),
        "tests": tests,
    }
    if agg.volatility is not None:
        doc["volatility"] = agg.volatility.as_dict()
    return json.dumps(doc, indent=2, allow_nan=False)


CSV_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # cells a spreadsheet would run as a formula (OWASP CSV injection)


def csv_safe(cell: object) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula gets a leading apostrophe."""
    text = str(cell)
    return "'" + text if text.startswith(CSV_FORMULA) else text


def milestones_csv(ms: pd.DataFrame, ticker: str) -> str:
    """The events file of ``caar``: ticker, day 0, label (text cells neutralised for spreadsheets)."""
    table = pd.DataFrame({"ticker": ticker, "date": ms["day0"].dt.strftime("%Y-%m-%d"), "label": ms["label"]})
    return table.map(csv_safe).to_csv(index=False, lineterminator="\n")


def milestones_table(ms: pd.DataFrame) -> str:
    """The milestones for the terminal: day 0, news date, kind, label and what confounds each."""
    shown = pd.DataFrame(
        {
            "day 0": ms["day0"].dt.strftime("%Y-%m-%d"),
            "news": ms["date"].dt.strftime("%Y-%m-%d"),
            "kind": ms["kind"],
            "label": ms["label"],
            "confounded": ms["confounders"].replace("", "-"),
        }
    )
    return shown.to_string(index=False) + "\n"
