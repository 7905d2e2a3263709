"""Refresh snapshot files from Yahoo Finance without ever damaging a good file.

A ticker's file is replaced only when the download is non-empty, passes the same validation as the
snapshot, and covers at least the dates the old file covered. The new file is written to a temporary file
in the same folder, read back and validated, then moved into place with an atomic rename.
"""

import csv
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analysis.data import paths, prices, sessions
from analysis.data.errors import DataError, UserError

Fetcher = Callable[[str, pd.Timestamp, pd.Timestamp], pd.DataFrame]
DEFAULT_START = pd.Timestamp("2023-01-03")
LOG_FIELDS = ["refreshed_utc", "ticker", "source", "start", "end", "rows", "first", "last"]
_RENAME = {"stock splits": "splits", "stock_splits": "splits"}
log = logging.getLogger(__name__)


def fetch_yahoo(ticker: str, start: pd.Timestamp, end: pd.Timestamp) -> pd.DataFrame:
    """Raw daily bars with dividends and splits from yfinance (end inclusive)."""
    import yfinance as yf  # imported here so that nothing else in the package touches the network

    logging.getLogger("yfinance").setLevel(logging.CRITICAL)
    return yf.Ticker(ticker).history(
        start=start.date().isoformat(),
        end=(end + pd.Timedelta(days=1)).date().isoformat(),
        interval="1d",
        auto_adjust=False,
        actions=True,
        raise_errors=True,
        timeout=20,
    )


def source_label() -> str:
    """How yfinance data were fetched, for the refresh log."""
    from importlib.metadata import version

    return f"Yahoo Finance via yfinance {version('yfinance')} Ticker.history(auto_adjust=False, actions=True)"


def normalise(frame: pd.DataFrame, ticker: str) -> pd.DataFrame:
    """A yfinance frame (flat or two-level columns) as snapshot-schema text cells, rows of all-NaN dropped."""
    if not isinstance(frame, pd.DataFrame) or frame.empty:
        raise DataError("no rows in the download (offline, rate-limited or unknown ticker)")
    frame = frame.copy()
    if isinstance(frame.columns, pd.MultiIndex):
        levels = [i for i in range(frame.columns.nlevels) if ticker in frame.columns.get_level_values(i)]
        if not levels:
            raise DataError("the download has columns for other tickers only")
        frame = frame.xs(ticker, axis=1, level=levels[0])
    frame.columns = [_RENAME.get(str(c).lower(), str(c).lower()) for c in frame.columns]
    missing = [c for c in prices.REQUIRED[1:] if c not in frame.columns]
    if missing:
        raise DataError(f"the download lacks column(s) {', '.join(missing)}")
    index = pd.DatetimeIndex(frame.index)
    if index.tz is not None:
        index = index.tz_localize(None)
    frame.index = index.normalize()
    frame = frame.dropna(how="all", subset=prices.PRICE_COLUMNS)
    for col in prices.OPTIONAL:
        if col not in frame.columns:
            frame[col] = 0.0
    out = pd.DataFrame({"date": frame.index.strftime("%Y-%m-%d")})
    for col in prices.PRICE_COLUMNS + prices.OPTIONAL:
        out[col] = [_text(v, 4) for v in frame[col]]
    out["volume"] = [_text(v, 0) for v in frame["volume"]]
    return out[prices.REQUIRED + prices.OPTIONAL]


def _text(value: object, digits: int) -> str:
    """A number rounded for the CSV; empty for a missing value (validation then names the row)."""
    if value is None or pd.isna(value):
        return ""
    return f"{round(float(value), digits):.{digits}f}".rstrip("0").rstrip(".") if digits else str(int(value))


@dataclass
class Outcome:
    """What happened to one ticker."""

    ticker: str
    ok: bool
    message: str


def refresh_one(
    ticker: str,
    start: pd.Timestamp | None,
    end: pd.Timestamp,
    fetch: Fetcher,
    folder: Path,
) -> Outcome:
    """Download, validate and atomically replace (or add) one ticker's file; never raises for data faults."""
    path = folder / f"{ticker}.csv"
    old = _current(path)
    begin = start if start is not None else (old.index[0] if old is not None else DEFAULT_START)
    try:
        downloaded = fetch(ticker, begin, end)
    except Exception as exc:
        first_line = (str(exc).strip().splitlines() or [""])[0][:160]
        return Outcome(ticker, False, f"download failed ({type(exc).__name__}: {first_line})")
    try:
        return _replace(ticker, downloaded, old, begin, end, folder, path)
    except Exception as exc:  # any fault is this ticker's failure; the files it touched are unchanged
        reason = exc if isinstance(exc, UserError) else f"{type(exc).__name__}: {exc}"
        first_line = (str(reason).strip().splitlines() or [""])[0][:200]
        return Outcome(ticker, False, f"rejected: {first_line}")


def _replace(ticker, downloaded, old, begin, end, folder: Path, path: Path) -> Outcome:
    """Validate a download and, when it is good and covers the old range, put it in place with its log line."""
    text = normalise(downloaded, ticker)
    last = min(end, pd.Timestamp.today().normalize())  # a feed's bars dated later than asked, or in the future
    text = text[pd.to_datetime(text["date"], format="%Y-%m-%d", errors="coerce").fillna(last) <= last]
    new = prices.validate(text.reset_index(drop=True), "download")
    if old is not None and (new.index[0] > old.index[0] or new.index[-1] < old.index[-1]):
        return Outcome(
            ticker,
            False,
            f"rejected: download covers {new.index[0].date()}..{new.index[-1].date()}, "
            f"less than the snapshot's {old.index[0].date()}..{old.index[-1].date()}; file kept",
        )
    with _open_log(folder) as log:  # opened first: a file is never replaced without its log line
        _write_atomically(text, path)
        _log(log, ticker, begin, end, new)
    added = _merge_dividends(folder, ticker, new)
    extra = f"; {added} new dividend ex-date(s)" if added else ""
    return Outcome(ticker, True, f"{len(new)} rows, {new.index[0].date()}..{new.index[-1].date()}{extra}")


def _current(path: Path) -> pd.DataFrame | None:
    """The file's validated bars; None when there is no file or it is corrupt (a valid download may replace it)."""
    if not path.exists():
        return None
    try:
        return prices.read_file(path)
    except DataError:
        return None


def _write_atomically(text: pd.DataFrame, path: Path) -> None:
    """Write beside the target, validate the written bytes, then rename over the target, which keeps its mode (a
    new file gets 666 less the umask, as any new file does, not the private 600 of a temporary file)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".csv.tmp", dir=path.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask)
        with os.fdopen(fd, "w", newline="") as handle:
            text.to_csv(handle, index=False, lineterminator="\n")
            handle.flush()
            os.fsync(handle.fileno())
        prices.read_file(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _merge_dividends(folder: Path, ticker: str, new: pd.DataFrame) -> int:
    """Append the download's dividend ex-dates that ``dividends.csv`` lacks; rows already there stay byte for byte.

    The new file is written beside the old one, validated, and renamed over it; returns the number of rows added.
    """
    if "dividends" not in new.columns:
        return 0
    target = folder / "dividends.csv"
    table = prices.dividends(path=target)
    paid = new.loc[new["dividends"] > 0, "dividends"]
    have = set(table.loc[table["ticker"] == ticker, "ex_date"])
    fresh = paid[~paid.index.isin(list(have))]
    if fresh.empty:
        return 0
    source = f"{source_label()}, refreshed {datetime.now(UTC).date()}"
    old = target.read_bytes() if target.exists() else b""
    if old and not old.endswith(b"\n"):
        old += b"\n"
    fd, tmp = tempfile.mkstemp(prefix=".dividends-", suffix=".csv.tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(old or (",".join(prices.DIVIDEND_COLUMNS) + "\n").encode())
        with open(tmp, "a", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            for day, amount in fresh.items():
                writer.writerow([ticker, day.date().isoformat(), _text(amount, 6), source])
        prices.dividends(path=Path(tmp))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(fresh)


def _open_log(folder: Path):
    """The refresh log, open for appending (with its header when new)."""
    log = folder / paths.REFRESH_LOG.name
    fresh = not log.exists() or log.stat().st_size == 0
    handle = log.open("a", newline="")
    if fresh:
        csv.writer(handle, lineterminator="\n").writerow(LOG_FIELDS)
    return handle


def _log(handle, ticker: str, start: pd.Timestamp, end: pd.Timestamp, new: pd.DataFrame) -> None:
    """Append one line to the refresh log (the provenance of refreshed files)."""
    csv.writer(handle, lineterminator="\n").writerow(
        [
            datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            ticker,
            source_label(),
            start.date(),
            end.date(),
            len(new),
            new.index[0].date(),
            new.index[-1].date(),
        ]
    )


def refresh(
    tickers: list[str],
    start: str | None = None,
    end: str | None = None,
    fetch: Fetcher | None = None,
    folder: Path | None = None,
) -> list[Outcome]:
    """Refresh several tickers (default: every ticker in the snapshot), one line of progress each
    (logger ``analysis.data.refresh``).

    ``fetch`` defaults to :func:`fetch_yahoo` and ``folder`` to ``data/prices``.
    """
    fetch = fetch or fetch_yahoo
    folder = paths.price_folder(folder)
    names = [prices.check_ticker(t) for t in tickers] or prices.available_tickers(folder)
    if not names:
        raise UserError(f"{paths.relative(folder)} holds no price files; name the tickers to fetch")
    for flag, given in (("--start", start), ("--end", end)):
        if given is not None and not given.strip():
            raise UserError(f"{flag} is empty; give a date as YYYY-MM-DD or leave the option out")
    begin = sessions.parse_date(start, "--start") if start else None
    finish = sessions.parse_date(end, "--end") if end else pd.Timestamp.today().normalize()
    if begin is not None and begin > finish:
        raise UserError(f"--start {begin.date()} is after --end {finish.date()}")
    from analysis.data import locks

    outcomes = []
    with locks.held(locks.data_lock(folder)):  # no report build reads prices while they change
        for i, ticker in enumerate(names, 1):
            outcome = refresh_one(ticker, begin, finish, fetch, folder)
            outcomes.append(outcome)
            log.info("[%d/%d] %s: %s: %s", i, len(names), ticker, "ok" if outcome.ok else "FAILED", outcome.message)
    return outcomes
