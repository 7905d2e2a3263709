"""Paths after a date: rebasing, returns, drawdowns.

Pass a total-return index (``prices.total_return_index``) to compare tickers on total returns; raw closes give
price returns.
"""

import numpy as np
import pandas as pd

from analysis.data import sessions
from analysis.data.errors import UserError

TRADING_DAYS_PER_YEAR = 252


def anchor_session(closes: pd.DataFrame, date: str | pd.Timestamp) -> pd.Timestamp:
    """The first row of ``closes`` on or after ``date``; a clear error when the date is outside the data."""
    day = sessions.parse_date(date)
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


def bhar(levels: pd.DataFrame, ticker: str, benchmark: str, start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Buy-and-hold abnormal return (Barber & Lyon 1997): prod(1 + R_i) - prod(1 + R_b) over sessions start..end.

    ``levels`` is a total-return index; holding starts at the close before ``start`` and ends at the close of ``end``.
    """
    p0, p1 = levels.index.get_loc(start), levels.index.get_loc(end)
    if p0 == 0:
        raise UserError(f"no close before {start.date()} to start holding from")
    before, last = levels.iloc[p0 - 1], levels.iloc[p1]
    return float(last[ticker] / before[ticker] - last[benchmark] / before[benchmark])


def between_milestones(
    levels: pd.DataFrame, day0s: list[pd.Timestamp], ticker: str, benchmarks: tuple[str, ...]
) -> pd.DataFrame:
    """Holding periods from each milestone's day 0 to the session before the next one (the last: to the end of the
    data), with the ticker's buy-and-hold return and its BHAR against each benchmark, and the BHAR from each
    milestone to the end of the data."""
    index = levels.index
    starts = sorted(dict.fromkeys(day0s))
    rows = []
    for i, start in enumerate(starts):
        end = index[index.get_loc(starts[i + 1]) - 1] if i + 1 < len(starts) else index[-1]
        p0 = index.get_loc(start)
        row = {
            "start": start,
            "end": end,
            "sessions": index.get_loc(end) - p0 + 1,
            "return": float(levels[ticker].iloc[index.get_loc(end)] / levels[ticker].iloc[p0 - 1] - 1),
        }
        for bench in benchmarks:
            row[f"bhar_vs_{bench}"] = bhar(levels, ticker, bench, start, end)
        for bench in benchmarks:
            row[f"bhar_to_end_vs_{bench}"] = bhar(levels, ticker, bench, start, index[-1])
        rows.append(row)
    return pd.DataFrame(rows)


def rebased_window(closes: pd.DataFrame, day0: str, start: int, end: int, base: int = -1) -> pd.DataFrame:
    """Closes from ``start`` to ``end`` trading days around day 0, rebased to 100 on relative day ``base``."""
    p = closes.index.get_loc(pd.Timestamp(day0))
    if p + start < 0 or p + end >= len(closes):
        raise UserError(f"days {start}..{end} around {day0} reach outside the price data")
    window = closes.iloc[p + start : p + end + 1]
    return window / closes.iloc[p + base] * 100.0
