"""The tables of pages 00-03 for people (page 04's are in :mod:`analysis.present.compute_tables`): which columns,
in what format, under which names. Each returns what a notebook cell shows."""

from dataclasses import asdict

import numpy as np
import pandas as pd

from analysis import fmt
from analysis.data import facts
from analysis.market import cloud
from analysis.methods.eventstudy import EventResult
from analysis.pages.announcement import Announcement
from analysis.pages.aws_quarter import AwsQuarter
from analysis.pages.market_size import MarketSize
from analysis.pages.overview import Overview
from analysis.present.tables import show, stars

SINCE_FORMATS = {
    "anchor_close": "usd", "last_close": "usd", "return": "pct", "max_drawdown": "pct", "annualised_vol": "pct0",
}  # fmt: skip


def _frame(results: list[EventResult]) -> pd.DataFrame:
    return pd.DataFrame([asdict(r) | {"window": r.window} for r in results])


# --- page 00 ---------------------------------------------------------------------------------------------------------


def articles(page: Overview):
    """The seed articles, each title linked to its address."""
    a = page.articles
    return fmt.markdown(
        "The seed articles (the news this project started from; their claims are quoted above in our own words):\n\n"
        + fmt.md_table(
            a.assign(seed=a["file"].str[:3])[["seed", "outlet", "title", "date", "language", "url", "note"]],
            links={"title": "url"},
        )
    )


def inventory(page: Overview):
    """One row per price file."""
    return show(
        page.inventory,
        {"first_close": "usd", "last_close": "usd", "mean_volume_m": "num2", "rows": "int"},
        {
            "rows": "sessions",
            "first_close": "first close",
            "last_close": "last close",
            "mean_volume_m": "mean volume (M shares)",
            "ex_dividend_days": "ex-dividend days (dividends.csv)",
        },
    )


def price_sources(page: Overview):
    """Where each price file comes from."""
    return show(
        page.price_sources, names={"primary_source": "primary source", "price_basis": "prices"},
        sources=("primary_source",),
    )  # fmt: skip


def events(page: Overview):
    """The dated events from the anchor on, numbered as on the chart."""
    shown = page.events.assign(date=page.events["date"].dt.strftime("%Y-%m-%d"))
    return show(shown[["number", "date", "ticker", "kind", "event", "source"]], names={"number": "#"})


def since(table: pd.DataFrame, benchmarks: list[str], anchor: str):
    """Returns from an anchor session to the last close; ``anchor`` names the anchor close's column."""
    return show(
        table,
        SINCE_FORMATS | {f"excess_vs_{b}": "pp" for b in benchmarks},
        {
            "anchor_close": anchor,
            "last_close": "last close",
            "return": "total return",
            "max_drawdown": "deepest fall",
            "annualised_vol": "volatility (annualised)",
        }
        | {f"excess_vs_{b}": f"excess over {b}" for b in benchmarks},
    )


def ledger(table: pd.DataFrame) -> str:
    """The claims ledger as Markdown, each claim linked to the notebook that holds its check; every text from the
    data escaped, seeds linked to their articles."""
    marks = {
        "supported": "**supported**", "contradicted": "**contradicted**", "not detected": "not detected",
        "unverifiable": "unverifiable",
    }  # fmt: skip
    links = dict(zip(*[facts.articles()[c] for c in ("file", "url")], strict=True))
    frame = pd.DataFrame(
        {
            "": table["id"],
            "claim (our words)": table["claim"],
            "seeds": [
                ", ".join(fmt.md_link(s.strip()[:3], links.get(s.strip(), "")) for s in seeds.split(";"))
                for seeds in table["seeds"]
            ],
            "verdict": [marks[v] for v in table["verdict"]],
            "evidence": table["evidence"],
            "where": [f"[{n}]({n}.ipynb)" for n in table["notebook"]],  # names checked by the ledger
        }
    )
    return fmt.md_table(frame, safe=("verdict", "where", "seeds"))


# --- page 01 ---------------------------------------------------------------------------------------------------------


def comparable(page: MarketSize):
    """The comparable estimates of the claim's year."""
    return show(
        page.triangulation.rows[["publisher", "scope", "basis", "vintage", "value_usd_bn", "confidence", "fact_id"]],
        {"value_usd_bn": "usd_bn"},
        {"value_usd_bn": "estimate", "fact_id": "fact"},
    )


def rates(page: MarketSize):
    """The published growth rates."""
    return show(
        page.rates[["publisher", "scope", "start", "end", "cagr", "note", "confidence"]],
        {"cagr": "pct0"},
        {"cagr": "growth a year"},
    )


def conversion(page: MarketSize):
    """The seed's RMB figure at each rate of that week."""
    return show(
        page.conversion[["period", "metric", "rate", "rmb_trillion", "rounds_to_claim", "confidence"]],
        {"rate": "num4", "rmb_trillion": "num2", "rounds_to_claim": "yes"},
        {"rate": "CNY per USD", "rmb_trillion": "$250B in RMB trillion", "rounds_to_claim": "gives 1.82"},
    )


def assumptions(page: MarketSize):
    """The Tesla scenario's assumptions with the values used."""
    a = page.assumptions
    return show(
        a.assign(used=[page.params[n] for n in a.index])[["used", "unit", "low", "high", "basis", "source"]],
        {"used": "g", "low": "g", "high": "g"},
    )


def hindsight_table(hind: pd.DataFrame, used: pd.DataFrame) -> pd.DataFrame:
    """The hindsight rows for people: formatted numbers, '—' where there is no 2023 projection, whether the text and
    the chart's lines use the row (the latest figure of its publisher, scope and year), source URL."""
    picked = set(used["fact_id"])
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
            "outcome vs projection": [fmt.pct(e) if pd.notna(e) else "—" for e in hind["projection_error"]],
            "confidence": hind["confidence"],
            "in the text": ["yes" if f in picked else "" for f in hind["fact_id"]],
            "source": "source",
            "url": hind["source"].map(facts.first_url),
        }
    )


def hindsight(page: MarketSize):
    """The market by scope, 2023-2025, with the 2023 projections."""
    return fmt.markdown(fmt.md_table(hindsight_table(page.hindsight, page.latest), links={"source": "url"}))


def tesla_actuals(page: MarketSize):
    """What Tesla disclosed after 2023, each figure with the fact it comes from."""
    t = page.tesla_actuals
    units = {"usd_bn": "USD billion", "h100e": "H100-equivalent GPUs"}
    return show(
        t.assign(unit=t["kind"].map(units))[["what", "period", "stated", "unit", "note", "fact_id", "source"]],
        names={"stated": "figure", "fact_id": "fact"},
    )


def estimate_sources(page: MarketSize):
    """Every estimate with its source and confidence."""
    return show(
        page.estimates[["fact_id", "publisher", "year", "value_usd_bn", "confidence", "source"]],
        {"value_usd_bn": "usd_bn"},
        {"fact_id": "fact", "value_usd_bn": "estimate"},
    )


# --- page 02 ---------------------------------------------------------------------------------------------------------


def peers_recent(page: AwsQuarter):
    """Revenue (growth) by quarter since 2023Q1, one column per provider series."""
    peers = page.peers
    recent = peers[peers["quarter"] >= "2023Q1"]
    cells = recent.assign(
        cell=[
            f"{r:.1f}" + (f" ({fmt.pct(g)})" if g == g else "") + (" recast" if b == "recast" else "")
            for r, g, b in zip(recent["revenue_usd_bn"], recent["yoy_growth"], recent["basis"], strict=True)
        ]
    )
    wide = cells.pivot(index="quarter", columns="provider", values="cell").reset_index()
    return fmt.markdown(
        "Revenue in USD billion (year-over-year growth) by calendar quarter; `recast` marks Microsoft's restated "
        "prior quarters, and — a quarter a series does not cover.\n\n"
        + fmt.md_table(wide[["quarter", *peers["provider"].unique()]])
    )


def synergy_shares(page: AwsQuarter):
    """Synergy's shares by quarter."""
    table = page.synergy.reset_index()
    return fmt.markdown(
        "Synergy Research Group's shares, percent (— where the quarter's release gave none):\n\n"
        + fmt.md_table(table.map(lambda v: f"{v:g}" if isinstance(v, float) and v == v else v))
    )


def reaction(page: AwsQuarter):
    """The incumbent's abnormal return on the results day, per window."""
    return show(
        _frame(page.reaction)[["ticker", "day0", "window", "beta", "car", "t_stat", "p_value", "volume_ratio"]],
        {"beta": "num2", "car": "pct", "t_stat": "t", "p_value": "p", "volume_ratio": "times"},
        {"day0": "day 0", "car": "CAR", "t_stat": "t", "p_value": "p", "volume_ratio": "volume vs normal"},
    )


def cloud_sources(page: AwsQuarter, aws: bool):
    """Each source once with the figures it supplies: AWS's (``aws``) or the others'."""
    rows = page.usd[(page.usd["series"] == "AWS") == aws]
    return show(cloud.source_list(rows), names={"fact_ids": "facts"})


# --- page 03 ---------------------------------------------------------------------------------------------------------


def results(page: Announcement):
    """The event window's results for the subject, the incumbent and the peers."""
    table = page.main.table.assign(
        interval=[f"{fmt.pct(lo)} to {fmt.pct(hi)}" for lo, hi in zip(page.main.table["ci_low"], page.main.table[
            "ci_high"], strict=True)]
    ).set_index("ticker")[
        ["alpha", "beta", "sigma", "car", "car_se", "interval", "t_stat", "p_value", "abnormal_volume_z",
         "volume_ratio"]
    ]  # fmt: skip
    return show(
        table,
        {
            "alpha": "num4", "beta": "num2", "sigma": "pct2", "car": "pct", "car_se": "pct", "t_stat": "t",
            "p_value": "p", "abnormal_volume_z": "z", "volume_ratio": "times",
        },
        {
            "sigma": "sigma (daily)", "car": "CAR", "car_se": "CAR s.e.", "interval": "95% interval", "t_stat": "t",
            "p_value": "p",
            "abnormal_volume_z": "volume z", "volume_ratio": "volume vs normal",
        },
    )  # fmt: skip


def robustness(page: Announcement):
    """The grid as CAR with significance marks, one row per ticker, date and window."""
    g = page.grid
    cells = g.assign(cell=[f"{c * 100:+.1f}%{stars(p)}" for c, p in zip(g["car"], g["p_value"], strict=True)])
    return show(
        cells.pivot_table(
            index=["ticker", "requested_date", "window"],
            columns=["benchmark", "model"],
            values="cell",
            aggfunc="first",
            sort=False,
        ),
        names={"requested_date": "event date"},
    )


def near(page: Announcement):
    """The dated events near day 0."""
    shown = page.near.assign(date=page.near["date"].dt.strftime("%Y-%m-%d"))
    return show(shown[["date", "ticker", "kind", "event", "timing", "source"]])


def contrast(page: Announcement):
    """The contrast event on day 0 alone and on the page's window."""
    return show(
        _frame(page.contrast)[["ticker", "day0", "window", "car", "t_stat", "p_value"]],
        {"car": "pct", "t_stat": "t", "p_value": "p"},
        {"day0": "day 0", "car": "CAR", "t_stat": "t", "p_value": "p"},
    )


def attention(page: Announcement):
    """Beside each CAR: abnormal log volume over the same window and Beaver's volatility test."""
    rows = []
    for r, v in zip(page.volume, (page.main.result(t) for t in page.tickers[:2]), strict=True):
        vol = page.volatility[r.ticker]
        days = r.window_end - r.window_start + 1
        rows.append(
            {
                "ticker": r.ticker,
                "CAR": fmt.pct(v.car),
                "CAV (log points)": f"{r.car:+.3f}",
                "volume a day vs normal": f"{np.exp(r.car / days):.2f}×",
                "CAV 95% interval": f"{r.ci_low:+.3f} to {r.ci_high:+.3f}",
                "CAV p": f"{r.p_value:.3f}",
                "volatility chi2 (dof)": f"{vol.chi2:.1f} ({vol.chi2_dof})",
                "chi2 p": f"{vol.chi2_p:.3f}",
            }
        )
    return show(pd.DataFrame(rows))
