"""Page 00 in words: the claims ledger in one line, and how the shares did since the anchor date."""

import pandas as pd

from analysis.fmt import pct, pp


def _counts(ledger: pd.DataFrame) -> str:
    return ", ".join(f"{n} {v}" for v, n in ledger["verdict"].value_counts().items())


def claims_intro(ledger: pd.DataFrame) -> str:
    """'**12 claims:** 8 supported, …' above the ledger."""
    return f"**{len(ledger)} claims:** {_counts(ledger)}."


def claims_headline(ledger: pd.DataFrame) -> str:
    """The ledger's line on the report index."""
    return f"Claims of the news articles: {len(ledger)} checked: {_counts(ledger)}."


def since_anchor(table: pd.DataFrame, days: pd.DatetimeIndex, names: list[str], benchmarks: list[str]) -> str:
    """Each of ``names`` (rows of ``performance.since``) from the anchor date to the last close, in one bullet."""

    def line(t: str) -> str:
        row = table.loc[t]
        against = ", ".join(f"{pp(row[f'excess_vs_{b}'])} against {b}" for b in benchmarks)
        return (
            f"**{t}** went from {row['anchor_close']:.2f} to {row['last_close']:.2f} ({pct(row['return'])}), "
            f"{against}; its deepest fall from a peak was {pct(row['max_drawdown'])}."
        )

    shown = [t for t in names if t in table.index]
    head = f"From {days[0].date()} to {days[-1].date()} ({len(days) - 1} trading days):"
    return head + "\n\n" + "\n".join(f"- {line(t)}" for t in shown) if shown else head + " none of the tickers shown."
