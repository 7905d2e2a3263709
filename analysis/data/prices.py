"""The bundled price snapshot: reading, validation, aligned panels and total returns.

One CSV per ticker in ``data/prices/``: ``date,open,high,low,close,volume`` with raw (unadjusted) prices and
volume in shares, one row per NYSE session; files written by ``refresh`` also carry ``dividends`` and
``splits`` (cash per share and split ratio on their ex-dates, 0 elsewhere). Cash dividends by ex-date, with their
sources, are in ``data/prices/dividends.csv``; every return the project computes is a total return
``(P_t + D_t) / P_{t-1} - 1`` built from the raw closes and that file (a ticker with no rows paid none).
"""

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.data import csvfiles, paths, plausible, sessions
from analysis.data.errors import DataError, UserError, fail_at, quoted

REQUIRED = ["date", "open", "high", "low", "close", "volume"]
OPTIONAL = ["dividends", "splits"]
PRICE_COLUMNS = ["open", "high", "low", "close"]
MAX_VOLUME = 1e13  # shares in a day; far above any real session, and safely inside int64
TICKER = re.compile(r"^[A-Z0-9][A-Z0-9.\-]{0,14}$")


def check_ticker(ticker: str) -> str:
    """A ticker in canonical upper case, or a clear error for a malformed one."""
    canon = ticker.strip().upper()
    if not TICKER.match(canon):
        raise UserError(f"ticker {quoted(ticker)} is malformed; use letters, digits, '.' or '-' (e.g. TSLA)")
    return canon


def available_tickers(folder: Path | None = None) -> list[str]:
    """Tickers that have a snapshot file (``folder`` defaults to ``data/prices``)."""
    return sorted(p.stem for p in (folder or paths.PRICES).glob("*.csv") if TICKER.match(p.stem))


def _fail(where: str, raw: pd.DataFrame, mask: pd.Series, problem: str, column: str | None = None) -> None:
    """Raise a DataError naming the first row where ``mask`` holds (file line = position + 2) and its cell."""
    fail_at(
        where,
        mask,
        lambda pos: problem + (f" ({raw[column].iloc[pos]!r})" if column else ""),
        label=lambda pos: raw["date"].iloc[pos],
    )


def validate(raw: pd.DataFrame, where: str) -> pd.DataFrame:
    """Check a frame of text cells against the snapshot schema and return it typed, indexed by date.

    ``where`` names the file (or download) in error messages.
    """
    if raw.empty:
        raise DataError(f"{where}: no rows")
    missing = [c for c in REQUIRED if c not in raw.columns]
    if missing:
        raise DataError(f"{where}: missing column(s) {', '.join(missing)}; expected {','.join(REQUIRED)}")
    raw = raw.reset_index(drop=True)
    dates = pd.to_datetime(raw["date"], format="%Y-%m-%d", errors="coerce")
    _fail(where, raw, dates.isna(), "date is not YYYY-MM-DD", "date")
    _fail(where, raw, dates.duplicated(), "duplicate date")
    _fail(where, raw, dates.diff() < pd.Timedelta(0), "dates are not in ascending order")
    columns = REQUIRED[1:] + [c for c in OPTIONAL if c in raw.columns]
    typed = pd.DataFrame({c: pd.to_numeric(raw[c], errors="coerce") for c in columns})
    for c in columns:
        _fail(where, raw, ~np.isfinite(typed[c]), f"{c} is missing or not a finite number", c)
    _fail(where, raw, typed["volume"] > MAX_VOLUME, f"volume is implausibly large (over {MAX_VOLUME:.0e})", "volume")
    for c in [*PRICE_COLUMNS, "volume"]:
        _fail(where, raw, typed[c] <= 0, f"{c} is not positive", c)
    _fail(where, raw, typed["low"] > typed[["open", "close"]].min(axis=1), "low is above open or close")
    _fail(where, raw, typed["high"] < typed[["open", "close"]].max(axis=1), "high is below open or close")
    for c in OPTIONAL:
        if c in typed:
            _fail(where, raw, typed[c] < 0, f"{c} is negative", c)
    plausible.check_bars(typed, raw["date"], where)
    typed.index = pd.DatetimeIndex(dates, name="date")
    _check_sessions(typed.index, where)
    typed["volume"] = typed["volume"].astype("int64")
    return typed


def _check_sessions(index: pd.DatetimeIndex, where: str) -> None:
    """Every row is an NYSE session and no session between the first and last row is missing."""
    expected = sessions.sessions(index[0], index[-1])
    extra = index.difference(expected)
    if len(extra):
        line = index.get_loc(extra[0]) + 2
        raise DataError(f"{where} line {line}: {extra[0].date()} is not an NYSE trading day")
    gaps = expected.difference(index)
    if len(gaps):
        line = int(index.searchsorted(gaps[0])) + 2  # the row that should follow the missing day
        raise DataError(
            f"{where} line {line}: trading day {gaps[0].date()} is missing before it ({len(gaps)} missing in all)"
        )


def read_file(path: Path) -> pd.DataFrame:
    """Read and validate one snapshot file (parsed once per file version; callers get their own copy)."""
    if not path.is_file():
        csvfiles.text(path)  # raises the right one-line error (missing, a folder, a device or pipe)
    stat = path.stat()
    return _read_version(str(path), stat.st_mtime_ns, stat.st_size).copy()


@lru_cache(maxsize=64)
def _read_version(name: str, mtime_ns: int, size: int) -> pd.DataFrame:
    """Parse and validate one version of a file; the cache key changes whenever the file is replaced."""
    path = Path(name)
    where = paths.relative(path)
    raw = csvfiles.frame(path, keep_default_na=False, na_values=[""])
    raw.columns = [str(c).strip().lower() for c in raw.columns]
    return validate(raw, where)


def load(ticker: str, folder: Path | None = None) -> pd.DataFrame:
    """The validated daily bars of one ticker from the snapshot."""
    canon = check_ticker(ticker)
    folder = paths.price_folder(folder)
    path = folder / f"{canon}.csv"
    if not path.exists():
        have = ", ".join(available_tickers(folder)) or "none"
        raise UserError(
            f"no data for ticker {canon} in {paths.relative(folder)} (have: {have}); "
            f"add it with: python -m analysis refresh {canon}"
        )
    return read_file(path)


def panel(tickers: list[str], field: str = "close", folder: Path | None = None, shared: bool = True) -> pd.DataFrame:
    """One column per ticker of ``field`` on the dates all tickers share, or with ``shared=False`` on the union of
    their dates, each ticker on its own history (NaN where it has no bar)."""
    frames = pd.DataFrame({check_ticker(t): load(t, folder)[field] for t in tickers})
    return frames.dropna() if shared else frames


def summary(tickers: list[str], folder: Path | None = None) -> pd.DataFrame:
    """One row per ticker: rows, first and last date, first and last close, mean daily volume, and the number of
    dividend ex-dates in ``dividends.csv`` within the file's dates."""
    cash = dividends(folder)
    rows = []
    for t in tickers:
        bars = load(t, folder)
        mine = cash[(cash["ticker"] == check_ticker(t)) & cash["ex_date"].between(bars.index[0], bars.index[-1])]
        rows.append(
            {
                "ticker": check_ticker(t),
                "rows": len(bars),
                "first": bars.index[0].date().isoformat(),
                "last": bars.index[-1].date().isoformat(),
                "first_close": bars["close"].iloc[0],
                "last_close": bars["close"].iloc[-1],
                "mean_volume_m": round(bars["volume"].mean() / 1e6, 2),
                "ex_dividend_days": len(mine),
            }
        )
    return pd.DataFrame(rows).set_index("ticker")


DIVIDEND_COLUMNS = ["ticker", "ex_date", "amount_usd", "source"]


def dividends(folder: Path | None = None, path: Path | None = None) -> pd.DataFrame:
    """Cash dividends by ticker and ex-date (``dividends.csv`` of ``folder``, or ``path``), validated; an empty
    table when there is no file."""
    path = path or (folder or paths.PRICES) / "dividends.csv"
    if not path.exists():
        return pd.DataFrame({"ticker": [], "ex_date": pd.DatetimeIndex([]), "amount_usd": [], "source": []})
    where = paths.relative(path)
    table = csvfiles.read_table(path, DIVIDEND_COLUMNS)
    bad_ticker = ~table["ticker"].str.match(TICKER.pattern)
    fail_at(where, bad_ticker, lambda pos: f"ticker {table['ticker'].iloc[pos]!r} is malformed")
    dates = pd.to_datetime(table["ex_date"], format="%Y-%m-%d", errors="coerce")
    fail_at(where, dates.isna(), lambda pos: f"ex_date {table['ex_date'].iloc[pos]!r} is not YYYY-MM-DD")
    amount = pd.to_numeric(table["amount_usd"], errors="coerce")
    bad = ~np.isfinite(amount) | (amount <= 0) | (amount > 1000)
    fail_at(where, bad, lambda pos: f"amount_usd {table['amount_usd'].iloc[pos]!r} is not a positive cash amount")
    twice = pd.DataFrame({"t": table["ticker"], "d": dates}).duplicated()
    fail_at(where, twice, lambda pos: f"duplicate ex_date {table['ex_date'].iloc[pos]} for {table['ticker'].iloc[pos]}")
    return pd.DataFrame({"ticker": table["ticker"], "ex_date": dates, "amount_usd": amount, "source": table["source"]})


def dividend_panel(closes: pd.DataFrame, folder: Path | None = None) -> pd.DataFrame:
    """Cash per share by date (0 on days without an ex-date), one column per ticker of ``closes``, on its dates.

    An ex-date inside the span of ``closes`` that is not one of its dates, or an implausible amount
    (:func:`plausible.check_dividends`), is an error naming the file line.
    """
    table = dividends(folder)
    where = paths.relative((folder or paths.PRICES) / "dividends.csv")
    index = closes.index
    plausible.check_dividends(table, closes, where)
    cash = pd.DataFrame(0.0, index=index, columns=[check_ticker(t) for t in closes.columns])
    for ticker in cash.columns:
        rows = table[(table["ticker"] == ticker) & (table["ex_date"] >= index[0]) & (table["ex_date"] <= index[-1])]
        off = ~rows["ex_date"].isin(index)
        if off.any():
            line = int(rows.index[off.to_numpy()][0]) + 2
            day = rows["ex_date"][off].iloc[0].date()
            raise DataError(f"{where} line {line}: ex_date {day} of {ticker} is not a trading day in its price file")
        cash.loc[rows["ex_date"].to_numpy(), ticker] = rows["amount_usd"].to_numpy()
    return cash


def total_returns(tickers: list[str], folder: Path | None = None, shared: bool = True) -> pd.DataFrame:
    """Daily total returns ``(close_t + dividend_t) / close_{t-1} - 1`` on the dates all tickers share (or, with
    ``shared=False``, each ticker on its own history, as :func:`panel`)."""
    return _total_returns(panel(tickers, "close", folder, shared), folder)


def _total_returns(closes: pd.DataFrame, folder: Path | None) -> pd.DataFrame:
    """Total returns of a panel of raw closes, with the dividends of ``dividends.csv``."""
    cash = dividend_panel(closes, folder)
    return ((closes + cash) / closes.shift(1) - 1).iloc[1:]


def total_return_index(tickers: list[str], folder: Path | None = None) -> pd.DataFrame:
    """A total-return index per ticker: the first close, grown by each day's total return (dividends reinvested).

    Equal to the raw close on the first date; rebasing it compares tickers on total returns.
    """
    closes = panel(tickers, "close", folder)
    growth = (1 + _total_returns(closes, folder)).cumprod()
    return pd.concat([closes.iloc[:1], growth.mul(closes.iloc[0], axis=1)])
