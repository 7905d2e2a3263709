"""Command-line output: JSON documents and plain-text tables of the analyses."""

import json
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from analysis.market import sizing

from analysis.methods.eventstudy import Study
from analysis.present.fmt import pct


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
    for row in _records(result.summary):
        days = result.daily[(result.daily["ticker"] == row["ticker"]) & (result.daily["day0"] == row["day0"])]
        row["abnormal_returns"] = _records(days.drop(columns=["ticker", "day0"]))
        docs.append(row)
    return json.dumps(docs, indent=2, allow_nan=False)


def event_table(result: Study) -> str:
    """A terminal table: one line per ticker, then the daily abnormal returns."""
    s = result.summary.iloc[0]
    head = (
        f"Event study: {s['model']} model against {s['benchmark']}, requested {s['requested_date']}, "
        f"day 0 = {s['day0']}, estimation {s['estimation_start']}..{s['estimation_end']}, "
        f"window {s['window_start']}..{s['window_end']}"
    )
    table = pd.DataFrame(
        {
            "ticker": result.summary["ticker"],
            "alpha": result.summary["alpha"].map(lambda v: f"{v:.5f}"),
            "beta": result.summary["beta"].map(lambda v: f"{v:.3f}"),
            "CAR": result.summary["car"].map(pct),
            "t": result.summary["t_stat"].map(lambda v: f"{v:.2f}"),
            "p": result.summary["p_value"].map(lambda v: f"{v:.3f}"),
            "volume z": result.summary.get("abnormal_volume_z", pd.Series(dtype=float)).map(lambda v: f"{v:+.2f}"),
        }
    )
    daily = result.daily.pivot_table(index=["rel_day", "date"], columns="ticker", values="ar", sort=True)
    daily = daily[result.summary["ticker"].unique()].map(pct)
    daily.index = [f"{r:+d} {d.date()}" for r, d in daily.index]
    return "\n\n".join([head, table.to_string(index=False), "Daily abnormal returns:", daily.to_string()])


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


def size_json(table: pd.DataFrame, result: "sizing.Triangulation", hindsight: pd.DataFrame) -> str:
    """Every estimate, and the triangulation of the claim for the year."""
    from analysis import narrative  # the sentence modules load the page-04 analysis: only when asked

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
        "verdict": narrative.market.verdict(result),
        "hindsight": _records(hindsight[HINDSIGHT_FIELDS]),
    }
    return json.dumps(doc, indent=2, allow_nan=False)


def size_table(result: "sizing.Triangulation") -> str:
    """The comparable estimates of the year and the verdict."""
    from analysis import narrative

    rows = result.rows[["publisher", "scope", "basis", "vintage", "value_usd_bn", "confidence"]]
    return (
        f"Comparable {result.year} estimates (USD billion):\n\n{rows.to_string(index=False)}\n\n"
        + narrative.market.verdict(result)
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


def _test_doc(result) -> dict:
    """One test as JSON: statistic and p-value, or nulls with the reason; a caveat as ``note``."""
    doc = {"statistic": result.statistic, "p_value": result.p_value}
    if not result.computed:
        doc["reason"] = result.note
    elif result.note:
        doc["note"] = result.note
    return doc


def caar_json(agg) -> str:
    """A multi-event study: settings, CAAR, residual correlation, per-event rows, daily path and the tests."""
    doc = {
        "n_events": agg.n_events,
        "model": agg.spec.model,
        "estimation": list(agg.spec.estimation),
        "window": list(agg.spec.window),
        "caar": agg.caar,
        "residual_correlation": agg.residual_correlation,
        "events": [
            event | {"sar": [float(v) for v in sar]}
            for event, sar in zip(_records(agg.events), agg.sar.to_numpy(), strict=True)
        ],
        "daily": _records(agg.daily),
        "tests": {name: _test_doc(result) for name, result in agg.tests.items()},
    }
    return json.dumps(doc, indent=2, allow_nan=False)


def caar_table(agg) -> str:
    """A terminal report: settings, per-event CARs, the test battery and the daily path."""
    from analysis.methods.caar import TEST_NAMES

    s = agg.spec
    rbar = "n/a" if agg.residual_correlation is None else f"{agg.residual_correlation:+.3f}"
    head = (
        f"Multi-event study: {agg.n_events} events, {s.model} model, estimation {s.estimation[0]}..{s.estimation[1]}, "
        f"window {s.window[0]:+d}..{s.window[1]:+d}\nCAAR {pct(agg.caar, 2)}; average residual correlation {rbar}"
    )
    ev = agg.events
    events = pd.DataFrame(
        {
            **({"label": ev["label"].str.slice(0, 40)} if "label" in ev else {}),
            "ticker": ev["ticker"],
            "date": ev["date"],
            "day 0": ev["day0"],
            "bench": ev["benchmark"],
            "CAR": ev["car"].map(pct),
            "t": ev["t_stat"].map(lambda v: f"{v:+.2f}"),
            "p": ev["p_value"].map(lambda v: f"{v:.3f}"),
        }
    )
    tests = pd.DataFrame(
        {
            "test": [TEST_NAMES[k] for k in agg.tests],
            "statistic": [f"{r.statistic:+.3f}" if r.computed else "—" for r in agg.tests.values()],
            "p": [f"{r.p_value:.3f}" if r.computed else "—" for r in agg.tests.values()],
            "note": [r.note for r in agg.tests.values()],
        }
    )
    daily = pd.DataFrame(
        {
            "day": agg.daily["rel_day"].map(lambda d: f"{d:+d}"),
            "AAR": agg.daily["aar"].map(lambda v: pct(v, 2)),
            "CAAR": agg.daily["caar"].map(lambda v: pct(v, 2)),
        }
    )
    return "\n\n".join(
        [
            head,
            events.to_string(index=False),
            "Tests of CAAR = 0 (two-sided):",
            tests.to_string(index=False),
            "Daily average abnormal returns:",
            daily.to_string(index=False),
        ]
    )
