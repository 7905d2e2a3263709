"""Refresh with yfinance replaced by fakes: failures leave every file byte-identical; good data land atomically."""

import numpy as np
import pandas as pd
import pytest

from analysis import cli
from analysis.data import paths, prices, refresh, sessions
from tests.helpers import snapshot_bytes


def yahoo_like(bars: pd.DataFrame, multiindex_ticker: str | None = None) -> pd.DataFrame:
    """SYNTHETIC: bars shaped like yfinance's Ticker.history(auto_adjust=False, actions=True) reply."""
    frame = pd.DataFrame(
        {
            "Open": bars["open"],
            "High": bars["high"],
            "Low": bars["low"],
            "Close": bars["close"],
            "Adj Close": bars["close"] * 0.99,
            "Volume": bars["volume"],
            "Dividends": 0.0,
            "Stock Splits": 0.0,
        }
    )
    frame.index = pd.DatetimeIndex(bars.index).tz_localize("America/New_York").rename("Date")
    if multiindex_ticker:
        frame.columns = pd.MultiIndex.from_product([frame.columns, [multiindex_ticker]], names=["Price", "Ticker"])
    return frame


def extended(ticker: str, days: int = 5) -> pd.DataFrame:
    """The bundled bars plus a few SYNTHETIC sessions in 2026, as a fresh download would add."""
    bars = prices.load(ticker)
    extra = sessions.sessions(pd.Timestamp("2026-01-02"), pd.Timestamp("2026-02-27"))[:days]
    last = bars.iloc[-1]
    more = pd.DataFrame({c: [last[c]] * days for c in bars.columns}, index=extra)
    more["volume"] += np.arange(1, days + 1)  # each bar its own, as a live feed's are
    return pd.concat([bars, more])


def fake(reply):
    """A fetcher that returns ``reply`` (or raises it when it is an exception)."""

    def fetch(ticker, start, end):
        if isinstance(reply, Exception):
            raise reply
        return reply

    return fetch


class YFRateLimitError(Exception):
    """Stands in for yfinance's rate-limit exception."""


def failing_cases():
    good = prices.load("TSLA")
    nan_close = yahoo_like(good)
    nan_close.iloc[100, nan_close.columns.get_loc("Close")] = np.nan
    garbage = yahoo_like(good)
    garbage.iloc[50, garbage.columns.get_loc("Low")] = 1e6
    negative = yahoo_like(good)
    negative.iloc[7, negative.columns.get_loc("Open")] = -1.0
    return {
        "no-network-exception": (
            OSError("Could not resolve host: query2.finance.yahoo.com"),
            "download failed (OSError",
        ),
        "rate-limited": (YFRateLimitError("Too Many Requests. Rate limited."), "YFRateLimitError: Too Many Requests"),
        "empty-frame": (pd.DataFrame(), "rejected: no rows in the download"),
        "empty-multiindex": (
            pd.DataFrame(columns=pd.MultiIndex.from_product([["Close", "Open"], ["TSLA"]])),
            "rejected: no rows in the download",
        ),
        "partial-range": (yahoo_like(good.loc["2024-01-01":]), "less than the snapshot's 2023-01-03..2025-12-31"),
        "nan-close": (nan_close, "close is missing or not a finite number"),
        "garbage-low": (garbage, "low is above open or close"),
        "negative-open": (negative, "open is not positive"),
        "other-ticker-columns": (yahoo_like(good, multiindex_ticker="AAPL"), "columns for other tickers only"),
        "missing-column": (yahoo_like(good).drop(columns=["Volume"]), "lacks column(s) volume"),
        "not-a-frame": (None, "rejected: no rows in the download"),
    }


@pytest.mark.parametrize("case", list(failing_cases()))
def test_failed_refresh_leaves_data_byte_identical(price_dir, case):
    reply, expected = failing_cases()[case]
    before = snapshot_bytes(price_dir)
    [outcome] = refresh.refresh(["TSLA"], fetch=fake(reply))
    assert not outcome.ok
    assert expected in outcome.message
    assert "\n" not in outcome.message
    assert snapshot_bytes(price_dir) == before


def test_good_download_replaces_file_and_logs_provenance(price_dir):
    new = extended("TSLA")
    [outcome] = refresh.refresh(["TSLA"], end="2026-01-08", fetch=fake(yahoo_like(new)))
    assert outcome.ok, outcome.message
    loaded = prices.load("TSLA")
    assert len(loaded) == 757 and loaded.index[-1] == pd.Timestamp("2026-01-08")
    assert list(loaded.columns) == ["open", "high", "low", "close", "volume", "dividends", "splits"]
    pd.testing.assert_series_equal(
        loaded["close"].iloc[:752], prices.load("TSLA", paths.ROOT / "data" / "prices")["close"]
    )
    log = pd.read_csv(price_dir / "refresh-log.csv")
    assert log["ticker"].tolist() == ["TSLA"] and log["rows"].tolist() == [757]
    assert "yfinance" in log["source"].iloc[0]
    assert not list(price_dir.glob(".*.tmp"))


def test_multiindex_reply_is_normalised(price_dir):
    [outcome] = refresh.refresh(["TSLA"], fetch=fake(yahoo_like(extended("TSLA"), "TSLA")))
    assert outcome.ok, outcome.message


def test_new_ticker_is_added(price_dir):
    reply = yahoo_like(prices.load("SPY").loc["2025-06-02":])
    [outcome] = refresh.refresh(["nvda"], start="2025-06-01", fetch=fake(reply))
    assert outcome.ok, outcome.message
    assert "NVDA" in prices.available_tickers()


def test_interrupted_write_keeps_old_file(price_dir, monkeypatch):
    before = snapshot_bytes(price_dir)

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(refresh.os, "replace", broken_replace)
    [outcome] = refresh.refresh(["TSLA"], fetch=fake(yahoo_like(extended("TSLA"))))
    assert not outcome.ok and "disk full" in outcome.message
    assert snapshot_bytes(price_dir) == before
    assert not list(price_dir.glob(".*.tmp"))


def test_corrupt_existing_file_is_replaced_by_valid_download(price_dir):
    reply = yahoo_like(extended("TSLA"))
    (price_dir / "TSLA.csv").write_text("date,open\nnonsense\n")
    [outcome] = refresh.refresh(["TSLA"], fetch=fake(reply))
    assert outcome.ok and len(prices.load("TSLA")) == 757


def test_cli_refresh_without_network_exits_nonzero_one_line_per_ticker(price_dir, monkeypatch, capsys):
    before = snapshot_bytes(price_dir)
    monkeypatch.setattr(refresh, "fetch_yahoo", fake(pd.DataFrame()))
    code = cli.main(["refresh", "TSLA", "AMZN"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err == [
        "[1/2] TSLA: FAILED: rejected: no rows in the download (offline, rate-limited or unknown ticker)",
        "[2/2] AMZN: FAILED: rejected: no rows in the download (offline, rate-limited or unknown ticker)",
        "error: refresh failed for TSLA, AMZN; their files are unchanged",
    ]
    assert snapshot_bytes(price_dir) == before


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["refresh", "TSLA", "--start", "2023-13-01"], "--start '2023-13-01' is not a date"),
        (["refresh", "TSLA", "--start", "2024-01-05", "--end", "2024-01-01"], "is after --end"),
        (["refresh", "TS LA"], "malformed"),
    ],
)
def test_cli_refresh_bad_arguments(price_dir, capsys, argv, expected):
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert expected in err and len(err.strip().splitlines()) == 1


def test_refresh_adds_new_dividend_ex_dates_and_keeps_sourced_rows(price_dir):
    bars = extended("SPY")
    reply = yahoo_like(bars)
    reply.loc[reply.index[-2], "Dividends"] = 1.9  # SYNTHETIC 2026 ex-date
    reply.loc[reply.index[bars.index.get_loc(pd.Timestamp("2023-03-17"))], "Dividends"] = 1.506  # already in the file
    before = (price_dir / "dividends.csv").read_text().splitlines()
    [outcome] = refresh.refresh(["SPY"], end="2026-01-08", fetch=fake(reply))
    assert outcome.ok and "1 new dividend ex-date(s)" in outcome.message
    after = (price_dir / "dividends.csv").read_text().splitlines()
    assert set(before) <= set(after) and len(after) == len(before) + 1
    added = prices.dividends().query("ticker == 'SPY'").iloc[-1]
    assert added["ex_date"] == bars.index[-2] and added["amount_usd"] == 1.9 and "yfinance" in added["source"]
    assert prices.total_returns(["SPY"])["SPY"].iloc[-2] == pytest.approx(
        (bars["close"].iloc[-2] + 1.9) / bars["close"].iloc[-3] - 1
    )
    assert not list(price_dir.glob(".*.tmp"))


def test_one_bad_ticker_does_not_stop_the_others(price_dir):
    """Faults that are not data errors (text in Close, rows from 1999) fail that ticker alone; the rest go on."""
    text_close = yahoo_like(extended("TSLA"))
    text_close["Close"] = text_close["Close"].astype(object)
    text_close.iloc[3, text_close.columns.get_loc("Close")] = "n/a"
    old_rows = yahoo_like(extended("TSLA"))
    old_rows.index = old_rows.index - pd.Timedelta(days=365 * 25)
    replies = {"TSLA": text_close, "AMZN": old_rows, "SPY": yahoo_like(extended("SPY"))}
    before = snapshot_bytes(price_dir)
    outcomes = refresh.refresh(["TSLA", "AMZN", "SPY"], end="2026-01-08", fetch=lambda t, s, e: replies[t])  # fmt: skip
    assert [o.ok for o in outcomes] == [False, False, True], [o.message for o in outcomes]
    assert all("\n" not in o.message for o in outcomes)
    after = snapshot_bytes(price_dir)
    assert after["TSLA.csv"] == before["TSLA.csv"] and after["AMZN.csv"] == before["AMZN.csv"]
    assert after["SPY.csv"] != before["SPY.csv"]


def test_unwritable_log_means_no_file_is_replaced(price_dir):
    import os

    log = price_dir / "refresh-log.csv"
    log.chmod(0o444)
    if os.access(log, os.W_OK):  # root ignores permission bits; make the log a folder instead
        log.chmod(0o644)
        log.unlink()
        log.mkdir()
    before = snapshot_bytes(price_dir)
    [outcome] = refresh.refresh(["TSLA"], fetch=fake(yahoo_like(extended("TSLA"))))
    assert not outcome.ok
    assert snapshot_bytes(price_dir) == before


def test_empty_start_is_an_error(price_dir, capsys):
    assert cli.main(["refresh", "TSLA", "--start", ""]) == 2
    assert "--start is empty" in capsys.readouterr().err


def test_sigterm_during_a_write_leaves_no_temporary_file(price_dir, tmp_path):
    """A refresh killed with SIGTERM (as the CLI handles it) while a new file is half-way in place: the old file stays
    byte-identical and no temporary file is left beside it (without the CLI's handler the process dies at once and
    the temporary file stays)."""
    import signal
    import subprocess
    import sys

    before = snapshot_bytes(price_dir)
    reply = tmp_path / "reply.pkl"
    yahoo_like(extended("TSLA")).to_pickle(reply)
    script = f"""
import time, pandas as pd
from pathlib import Path
from analysis import cli
from analysis.data import paths, prices, refresh
paths.PRICES = Path({str(price_dir)!r})
cli._stop_cleanly_on_sigterm()
real = prices.read_file
def slow(path):
    if path.name.endswith('.tmp'):
        print('writing', flush=True)
        time.sleep(60)
    return real(path)
prices.read_file = slow
try:
    refresh.refresh(['TSLA'], fetch=lambda t, s, e: pd.read_pickle({str(reply)!r}))
except KeyboardInterrupt:
    raise SystemExit(130)
"""
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=paths.ROOT)
    assert child.stdout.readline().strip() == "writing"
    assert list(price_dir.glob(".*.tmp"))  # the new file is half-way in place
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=30) == 130
    assert not list(price_dir.glob(".*.tmp")) and snapshot_bytes(price_dir) == before
