"""Paths after a date: rebasing, returns, drawdowns.

Pass a total-return index (``prices.total_return_index``) to compare tickers on total returns; raw closes give
price returns.
"""

import numpy as np
import pandas as pd

from analysis import calendar
from analysis.errors import UserError

TRADING_DAYS_PER_YEAR = 252


def anchor_session(closes: pd.DataFrame, date: str | pd.Timestamp) -> pd.Timestamp:
    """The first row of ``closes`` on or after ``date``; a clear error when the date is outside the data."""
    day = calendar.parse_date(date)
    first, last = closes.index[0], closes.index[-1]
    if not first <= day <= last:
        raise UserError(f"date {day.date()} is outside the price data ({first.date()} to {last.date()})")
    return closes.index[closes.index.searchsorted(day)]


def rebase(closes: pd.DataFrame, date: str | pd.Timestamp) -> pd.DataFrame:
    """Closes from the anchor session on, scaled so the anchor close is 100."""
    anchor = anchor_session(closes, date)
    after = closes.loc[anchor:]
    return after / after.iloc[0] * 100.0


def max_drawdown(path: pd.Series) -> float:
    """Largest peak-to-trough fall of a price path, as a negative fraction."""
    values = path.to_numpy(dtype=float)
    return float(np.min(values / np.maximum.accumulate(values) - 1.0))


def since(
    levels: pd.DataFrame,
    date: str | pd.Timestamp,
    benchmarks: tuple[str, ...] = (),
    closes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per ticker from the anchor session to the last: return, excess over each benchmark, drawdown, volatility.

    Returns come from ``levels`` (a total-return index, or closes for price returns); ``closes``, when given, adds
    the raw anchor and last closes.
    """
    path = levels.loc[anchor_session(levels, date) :]
    total = path.iloc[-1] / path.iloc[0] - 1.0
    daily = path.pct_change().iloc[1:]
    table = pd.DataFrame(
        {
            "return": total,
            "max_drawdown": path.apply(max_drawdown),
            "annualised_vol": daily.std(ddof=1) * np.sqrt(TRADING_DAYS_PER_YEAR),
        }
    )
    if closes is not None:
        raw = closes.loc[path.index[0] :, list(path.columns)]
        table.insert(0, "last_close", raw.iloc[-1])
        table.insert(0, "anchor_close", raw.iloc[0])
    for bench in dict.fromkeys(benchmarks):
        table[f"excess_vs_{bench}"] = total - total[bench]
    table.index.name = "ticker"
    return table
