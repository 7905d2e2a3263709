"""The claims ledger: every checkable claim of the seed articles, checked by code against the project's data.

``data/claims.csv`` lists each claim in our own words with its seeds and the name of the check that tests it;
the verdict (supported, contradicted or unverifiable) and its evidence are computed here, never typed.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from analysis import case
from analysis.data import cloud_tables, csvfiles, facts, market_tables, paths
from analysis.data.errors import fail_at
from analysis.fmt import pct, usd_bn
from analysis.market import cloud, sizing
from analysis.methods import snapshot
from analysis.narrative import event as narrative_event
from analysis.narrative import market as narrative_market
from analysis.pages import announcement

SUPPORTED: case.Verdict = "supported"
CONTRADICTED: case.Verdict = "contradicted"
NOT_DETECTED: case.Verdict = "not detected"
UNVERIFIABLE: case.Verdict = "unverifiable"


@dataclass(frozen=True)
class Checked:
    """One claim's computed verdict, the evidence in words, and the sources of that evidence."""

    verdict: case.Verdict
    evidence: str
    source: str


Check = Callable[[], Checked]


def _fact(fact_id: str) -> pd.Series:
    return facts.facts().set_index("id").loc[fact_id]


def market_size() -> Checked:
    t = sizing.triangulate(market_tables.estimates())
    ok = t.claim_inside and t.median_usd_bn >= 0.9 * t.claim_usd_bn
    evidence = (
        f"{t.n} comparable {t.year} estimates range {usd_bn(t.low_usd_bn)}-{usd_bn(t.high_usd_bn)} "
        f"(median {usd_bn(t.median_usd_bn)}); {len(t.near)} within {sizing.NEAR:.0%} of {usd_bn(t.claim_usd_bn)}; "
        "the figure depends on the definition and the seeds cite no source"
    )
    return Checked((SUPPORTED if ok else CONTRADICTED), evidence, "; ".join(t.rows["fact_id"]))


def rmb_conversion() -> Checked:
    conv = sizing.rmb_conversion()
    ok = bool(conv["rounds_to_claim"].any())
    return Checked(
        (SUPPORTED if ok else CONTRADICTED), narrative_market.conversion_verdict(conv), "; ".join(conv["id"])
    )


def _aws_check() -> cloud.ClaimCheck:
    """The seed's AWS claim (Italian seed 004): sales in the last quarter and their growth over the year before."""
    return cloud.claim_check(cloud.aws_metrics(), case.AWS_QUARTER, case.AWS_SALES_USD_BN, case.AWS_YOY_GROWTH)


def aws_sales() -> Checked:
    c = _aws_check()
    verdict = SUPPORTED if c.sales_supported else CONTRADICTED
    return Checked(verdict, f"AWS net sales {c.quarter}: {usd_bn(c.sales_usd_bn)}", c.source)


def aws_growth() -> Checked:
    c = _aws_check()
    ok = c.growth_supported
    evidence = (
        f"{usd_bn(c.sales_usd_bn)} in {c.quarter} vs {usd_bn(c.year_ago_sales_usd_bn)} in {c.year_ago_quarter}: "
        f"{pct(c.yoy_growth)}"
    )
    return Checked((SUPPORTED if ok else CONTRADICTED), evidence, c.source)


def aws_leader() -> Checked:
    pct_table = cloud_tables.load_table("pct")
    lines, leads = [], []
    for metric, firm in (("share_synergy", "Synergy"), ("share_canalys_revised", "Canalys (revised)")):
        s = cloud.shares(pct_table, metric).loc[case.AWS_QUARTER]
        leads.append(s.idxmax() == "AWS")
        lines.append(
            f"{firm} {case.AWS_QUARTER}: " + ", ".join(f"{k} {v:g}%" for k, v in s.sort_values(ascending=False).items())
        )
    rows = pct_table[
        (pct_table["quarter"] == case.AWS_QUARTER)
        & pct_table["metric"].isin(["share_synergy", "share_canalys_revised"])
    ]
    return Checked(
        (SUPPORTED if all(leads) else CONTRADICTED), "; ".join(lines), "; ".join(sorted(set(rows["fact_id"])))
    )


def announcement_date() -> Checked:
    events = facts.events()
    first = events[(events["ticker"] == case.SUBJECT) & (events["kind"] == "announcement")].iloc[0]
    claimed = pd.Timestamp(case.ANNOUNCEMENT)
    verdict = SUPPORTED if first["date"] == claimed else CONTRADICTED
    evidence = (
        f"earliest dated report: {first['date'].date()} ({first['event'][:60]}...); it was a job posting reported by "
        "the press, not a Tesla announcement; day 0 of the event study is tested on both dates"
    )
    return Checked(verdict, evidence, first["source"])


def market_reaction() -> Checked:
    """The test of page 03 with its default parameters, through its page module: the same tickers and grid."""
    tickers = [case.SUBJECT, case.INCUMBENT]
    res = snapshot.run(tickers, case.ANNOUNCEMENT, case.BENCHMARK).results
    benchmarks = [case.BENCHMARK, case.ALT_BENCHMARK]
    grid = announcement.grid(tickers, announcement.robust_dates(pd.Timestamp(res[0].day0)), benchmarks)
    per_ticker = grid.groupby("ticker")["p_value"].apply(lambda p: int((p < case.LEVEL).sum()))
    specs = len(grid) // grid["ticker"].nunique()
    evidence = (
        "; ".join(narrative_event.verdict(r) for r in res)
        + "; robustness: "
        + ", ".join(f"{t} {per_ticker[t]} of {specs} specifications significant at {case.LEVEL:.0%}" for t in tickers)
    )
    found = any(r.reading().reading == "supported" for r in res)
    verdict = SUPPORTED if found else NOT_DETECTED  # no interval excludes zero: not evidence of no reaction
    return Checked(verdict, evidence, f"data/prices ({', '.join(tickers + benchmarks)} daily closes)")


def job_location() -> Checked:
    row = _fact("E002")
    ok = "Austin" in row["value"]
    return Checked((SUPPORTED if ok else CONTRADICTED), f"job posting location: {row['value']}", row["source"])


def premium_connectivity() -> Checked:
    row = _fact("E012")
    price = float(row["value"])
    ok = round(price) == 10
    return Checked((SUPPORTED if ok else CONTRADICTED), f"US price ${price:g} per month since Dec 2019", row["source"])


def fleet_size() -> Checked:
    row = _fact("E005")
    vehicles = float(row["value"])
    ok = vehicles >= 1_000_000
    return Checked(
        (SUPPORTED if ok else CONTRADICTED),
        f"{vehicles / 1e6:g} million vehicles produced by {row['period']}",
        row["source"],
    )


def sacramento() -> Checked:
    row = _fact("E021")
    return Checked(
        SUPPORTED,
        "reported, not confirmed by Tesla: three outlets independent of the seeds cite The Information (June 2023) "
        "on Tesla taking over a Sacramento data center Twitter had used (NTT Global Data Centers)",
        row["source"],
    )


def not_in_data() -> Checked:
    return Checked(UNVERIFIABLE, "no figure in data/facts bears on this claim", "")


NOTEBOOK_NAME = r"\d\d_[a-z0-9_]+"

CHECKS: dict[str, Check] = {
    f.__name__: f
    for f in (
        market_size, rmb_conversion, aws_sales, aws_growth, aws_leader, announcement_date, market_reaction,
        job_location, premium_connectivity, fleet_size, sacramento, not_in_data,
    )
}  # fmt: skip


def ledger(path=None) -> pd.DataFrame:
    """Every claim with its computed verdict, evidence and the sources of that evidence."""
    path = path or paths.claims_csv()
    table = csvfiles.read_table(path, ["id", "claim", "seeds", "value", "check", "notebook"])
    where = paths.relative(path)
    fail_at(where, ~table["check"].isin(CHECKS), lambda pos: f"unknown check {table['check'].iloc[pos]!r}")
    fail_at(
        where,
        ~table["notebook"].str.fullmatch(NOTEBOOK_NAME),
        lambda pos: f"notebook {table['notebook'].iloc[pos]!r} is not a notebook name like 01_market_size",
    )
    results = [CHECKS[name]() for name in table["check"]]
    table["verdict"] = [r.verdict for r in results]
    table["evidence"] = [r.evidence for r in results]
    table["source"] = [r.source for r in results]
    return table
