"""Price data that are well-formed but wrong: a stale feed of repeated bars, a stock split left unadjusted, and
dividends no company pays. Each is refused with the file line of the first bad row, so that it never reaches a
return as a -67% "abnormal return" or a test statistic of NaN."""

import numpy as np
import pandas as pd

from analysis.data.errors import fail_at

STALE_REPEATS = 3  # a bar repeating the one before it exactly (prices and volume), three days running
SPLIT_RATIOS = (2, 3, 4, 5, 8, 10, 15, 20)  # forward splits of US large caps; their inverses are reverse splits
SPLIT_TOLERANCE = 0.03  # an overnight price ratio within 3% of a split ratio
MAX_REGULAR_DIVIDEND = 0.10  # a regular cash dividend above 10% of the previous close is a special one, or an error
SPECIAL = "special"  # the word a dividends.csv source uses to mark a special dividend


def check_bars(typed: pd.DataFrame, dates: pd.Series, where: str) -> None:
    """Refuse repeated bars, an unadjusted split, and dividends in a price file (or download) that are not below the
    previous close or exceed ``MAX_REGULAR_DIVIDEND`` of it."""
    label = lambda pos: dates.iloc[pos]  # noqa: E731 - the day a message names
    values = typed[["open", "high", "low", "close", "volume"]].to_numpy(dtype=float)
    same = np.r_[False, (values[1:] == values[:-1]).all(axis=1)]
    runs = pd.Series(same).groupby((~pd.Series(same)).cumsum()).cumsum().to_numpy()
    fail_at(where, runs == STALE_REPEATS, lambda pos: f"the bar repeats the one before it exactly for {STALE_REPEATS} "
            "days running (a stale feed?); refresh the ticker", label)  # fmt: skip
    previous = typed["close"].shift(1).to_numpy()
    ratio = previous / typed["open"].to_numpy()
    candidates = [*SPLIT_RATIOS, *(typed["splits"][typed["splits"] > 0] if "splits" in typed else [])]
    near = np.zeros(len(typed), dtype=bool)
    for n in candidates:
        near |= (np.abs(ratio / n - 1) < SPLIT_TOLERANCE) | (np.abs(ratio * n - 1) < SPLIT_TOLERANCE)
    near &= np.abs(ratio - 1) > 0.5  # a split moves the price by half or more
    fail_at(where, near, lambda pos: f"the price moves ×{1 / ratio[pos]:.3g} overnight (close {previous[pos]:g}, "
            f"open {typed['open'].iloc[pos]:g}), as an unadjusted stock split would; split-adjust the bars before "
            "it (refresh does) or remove them", label)  # fmt: skip
    if "dividends" in typed:
        cash = typed["dividends"].to_numpy()
        _check_cash(where, cash, previous, np.zeros(len(cash), dtype=bool), label, "dividend")


def check_dividends(table: pd.DataFrame, closes: pd.DataFrame, where: str) -> None:
    """Refuse a ``dividends.csv`` row (``ticker, ex_date, amount_usd, source``; index = file row position) whose
    amount is not below the ticker's previous close, or above ``MAX_REGULAR_DIVIDEND`` of it unless its source
    calls it special."""
    previous = closes.shift(1)
    days = table["ex_date"]
    inside = table["ticker"].isin(closes.columns) & days.isin(closes.index)
    before = np.full(len(table), np.nan)
    rows = np.flatnonzero(inside.to_numpy())
    before[rows] = [previous.at[days.iloc[i], table["ticker"].iloc[i]] for i in rows]
    special = table["source"].str.contains(SPECIAL, case=False, na=False).to_numpy()
    label = lambda pos: f"{table['ticker'].iloc[pos]} {days.iloc[pos].date()}"  # noqa: E731
    _check_cash(where, table["amount_usd"].to_numpy(dtype=float), before, special, label, "amount_usd")


def _check_cash(where: str, cash: np.ndarray, previous: np.ndarray, special: np.ndarray, label, what: str) -> None:
    """Cash per share must be below the previous close and, unless special, at most the regular share of it."""
    with np.errstate(invalid="ignore"):
        fail_at(where, cash >= previous, lambda pos: f"{what} {cash[pos]:g} is not below the previous close "
                f"{previous[pos]:g}", label)  # fmt: skip
        large = (cash > MAX_REGULAR_DIVIDEND * previous) & ~special
    fail_at(where, large, lambda pos: f"{what} {cash[pos]:g} is over {MAX_REGULAR_DIVIDEND:.0%} of the previous "
            f"close {previous[pos]:g}; a special dividend belongs in dividends.csv with '{SPECIAL}' in its source",
            label)  # fmt: skip
