"""Page 00: what data the project holds and where it comes from, and every ticker from an anchor date on."""

from dataclasses import dataclass

import pandas as pd

from analysis.data import facts, prices
from analysis.methods import performance
from analysis.pages import checks


@dataclass
class Overview:
    """Everything page 00 shows besides the claims ledger (a narrative product, :mod:`analysis.narrative.claims`)."""

    benchmarks: list[str]
    articles: pd.DataFrame  # the seed articles
    inventory: pd.DataFrame  # one row per price file
    price_sources: pd.DataFrame
    rebased: pd.DataFrame  # total-return index rebased to 100 on the anchor session
    events: pd.DataFrame  # dated events from the anchor session on, with their one number (facts.events)
    since: pd.DataFrame  # performance.since per ticker
    fact_counts: pd.DataFrame  # facts by area and confidence

    @property
    def anchor(self) -> pd.Timestamp:
        """The anchor session (the first session on or after the anchor date)."""
        return self.rebased.index[0]


def analyse(anchor_date: str, tickers: list[str], benchmarks: list[str]) -> Overview:
    """Page 00 from the bundled data; the benchmarks are shown beside the tickers."""
    checks.overview(anchor_date, tickers, benchmarks)
    series = list(dict.fromkeys([*tickers, *benchmarks]))
    levels = prices.total_return_index(series)
    rebased = performance.rebase(levels, anchor_date)
    events = facts.events()
    shown = events[events["date"] >= rebased.index[0]].reset_index(drop=True)
    return Overview(
        benchmarks=list(benchmarks),
        articles=facts.articles(),
        inventory=prices.summary(list(tickers)),
        price_sources=facts.price_sources(),
        rebased=rebased,
        events=shown,
        since=performance.since(levels, anchor_date, tuple(benchmarks), closes=prices.panel(series)),
        fact_counts=facts.all_facts().groupby(["area", "confidence"]).size().unstack(fill_value=0),
    )
