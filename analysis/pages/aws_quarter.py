"""Page 02: AWS's quarter in its series, margin, peers and market shares, the stock's reaction to the report, and
the seed's claim recomputed."""

from dataclasses import dataclass

import pandas as pd

from analysis import case
from analysis.data import cloud_tables
from analysis.market import cloud, timeline
from analysis.methods import eventstudy, snapshot
from analysis.methods.spec import Spec
from analysis.pages import checks

REACTION_WINDOWS = [(0, 0), (0, 1), (-1, 1)]
PLOT_WINDOW = (-5, 10)


@dataclass
class AwsQuarter:
    """Everything page 02 shows."""

    quarter: str
    metrics: pd.DataFrame
    peers: pd.DataFrame
    canalys: pd.DataFrame
    synergy: pd.DataFrame
    market: pd.Series  # Synergy's market total by quarter
    share_rows: pd.DataFrame
    reaction: list[eventstudy.EventResult]  # the incumbent on the results day, one per window
    reaction_daily: pd.DataFrame  # its abnormal returns around the results day
    check: cloud.ClaimCheck
    usd: pd.DataFrame
    report_news: pd.DataFrame  # the incumbent's dated news whose day 0 is the results day (its whole report)

    @property
    def growth(self) -> pd.Series:
        """Year-over-year growth where the year-ago quarter is in the data."""
        return self.metrics["yoy_growth"].dropna()


def analyse(quarter: str, claimed_sales_usd_bn: float, claimed_yoy_growth: float, results_date: str, benchmark: str):
    """Page 02 from the bundled data."""
    checks.aws_quarter(quarter, claimed_sales_usd_bn, claimed_yoy_growth, results_date, benchmark)
    usd = cloud_tables.load_table("usd")
    pct = cloud_tables.load_table("pct")
    metrics = cloud.aws_metrics(usd)
    reaction = snapshot.robustness([case.INCUMBENT], [results_date], [benchmark], REACTION_WINDOWS, models=("market",))
    wide = snapshot.run([case.INCUMBENT], results_date, benchmark, Spec(window=PLOT_WINDOW))
    return AwsQuarter(
        quarter=quarter,
        metrics=metrics,
        peers=cloud.peer_rows(usd),
        canalys=cloud.shares(pct, "share_canalys_revised"),
        synergy=cloud.shares(pct, "share_synergy"),
        market=cloud.series(usd, "Market (Synergy)", "revenue"),
        share_rows=cloud.share_rows(pct),
        reaction=eventstudy.results_of(reaction),
        reaction_daily=wide.daily,
        check=cloud.claim_check(metrics, quarter, claimed_sales_usd_bn, claimed_yoy_growth),
        usd=usd,
        report_news=timeline.on_day0(timeline.timed(), pd.Timestamp(reaction["day0"].iloc[0]), case.INCUMBENT),
    )
