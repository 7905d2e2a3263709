"""Loading and validating the bundled snapshot, and every kind of corrupt file."""

import pandas as pd
import pytest

from analysis.data import prices
from analysis.data.errors import DataError, UserError
from tests.helpers import synthetic_bars, write_bars

TICKERS = ["AMZN", "GOOGL", "META", "MSFT", "QQQ", "SPY", "TSLA"]


def test_bundled_snapshot_is_complete():
    assert prices.available_tickers() == TICKERS
    for t in TICKERS:
        bars = prices.load(t)
        assert len(bars) == 752
        assert bars.index[0] == pd.Timestamp("2023-01-03") and bars.index[-1] == pd.Timestamp("2025-12-31")
        assert list(bars.columns) == ["open", "high", "low", "close", "volume"]


def test_known_closes_from_provenance():
    # Values quoted in data/prices/PROVENANCE.md, independent of the loader.
    assert prices.load("TSLA").loc["2023-08-15", "close"] == 232.96
    assert prices.load("SPY").loc["2023-01-03", "close"] == 380.82
    assert prices.load("QQQ").loc["2023-12-29", "close"] == 409.52


def test_panel_aligns_tickers():
    panel = prices.panel(["tsla", "SPY"])
    assert list(panel.columns) == ["TSLA", "SPY"] and len(panel) == 752


def test_unknown_ticker_names_what_exists_and_how_to_add():
    with pytest.raises(UserError) as err:
        prices.load("NVDA")
    text = str(err.value)
    assert "NVDA" in text and "TSLA" in text and "python -m analysis refresh NVDA" in text


@pytest.mark.parametrize("bad", ["", "TS LA", "../etc", "$$$"])
def test_malformed_ticker(bad):
    with pytest.raises(UserError, match="malformed"):
        prices.check_ticker(bad)


def _corrupt(tmp_path, edit) -> str:
    """Write synthetic bars, apply ``edit`` to the CSV text lines, and return the loader's error."""
    path = write_bars(synthetic_bars(), tmp_path / "XYZ.csv")
    lines = path.read_text().splitlines()
    path.write_text("\n".join(edit(lines)) + "\n")
    with pytest.raises(DataError) as err:
        prices.load("XYZ", tmp_path)
    assert "XYZ.csv" in str(err.value)
    return str(err.value)


def _set(lines, row, col, value):
    cells = lines[row].split(",")
    cells[col] = value
    lines[row] = ",".join(cells)
    return lines


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda ls: [ls[0].replace("volume", "vol"), *ls[1:]], "missing column(s) volume"),
        (lambda ls: ls[:1], "no rows"),
        (lambda ls: _set(ls, 5, 0, "2023/01/10"), "line 6 (2023/01/10): date is not YYYY-MM-DD ('2023/01/10')"),
        (lambda ls: [*ls[:6], ls[5], *ls[6:]], "line 7 (2023-01-09): duplicate date"),
        (lambda ls: [ls[0], ls[2], ls[1], *ls[3:]], "line 3 (2023-01-03): dates are not in ascending order"),
        (lambda ls: _set(ls, 4, 4, "abc"), "line 5 (2023-01-06): close is missing or not a finite number ('abc')"),
        (lambda ls: _set(ls, 4, 4, ""), "line 5 (2023-01-06): close is missing"),
        (lambda ls: _set(ls, 3, 1, "-5"), "line 4 (2023-01-05): open is not positive ('-5')"),
        (lambda ls: _set(ls, 3, 5, "0"), "line 4 (2023-01-05): volume is not positive"),
        (lambda ls: _set(ls, 3, 3, "1000"), "line 4 (2023-01-05): low is above open or close"),
        (lambda ls: _set(ls, 3, 2, "1"), "line 4 (2023-01-05): high is below open or close"),
        (lambda ls: ls[:3] + ls[4:], "line 4: trading day 2023-01-05 is missing"),
        (lambda ls: _set(ls, 4, 0, "2023-01-07"), "line 5: 2023-01-07 is not an NYSE trading day"),
        (lambda ls: [*ls[:3], "2023-01-05,1,2", *ls[4:]], "line 4"),
    ],
    ids=[
        "missing-column",
        "header-only",
        "bad-date",
        "duplicate-date",
        "unsorted",
        "not-a-number",
        "empty-cell",
        "negative-price",
        "zero-volume",
        "low-above-open",
        "high-below-close",
        "missing-session",
        "weekend-date",
        "short-row",
    ],
)
def test_corrupt_file_names_file_and_row(tmp_path, edit, expected):
    assert expected in _corrupt(tmp_path, edit)


def test_empty_and_binary_files(tmp_path):
    (tmp_path / "EMPTY.csv").write_bytes(b"")
    with pytest.raises(DataError, match=r"EMPTY.csv: empty file"):
        prices.load("EMPTY", tmp_path)
    (tmp_path / "BIN.csv").write_bytes(b"date,open\n2023-01-03,1\n" + bytes(range(256)) * 4)
    with pytest.raises(DataError, match=r"BIN.csv line 4: not UTF-8 text"):
        prices.load("BIN", tmp_path)


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_a_price_file_that_is_not_a_file_is_refused_at_once(tmp_path, kind):
    import os

    target = tmp_path / "ODD.csv"
    if kind == "folder":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.symlink_to("/dev/zero")
    with pytest.raises(DataError, match=r"ODD.csv: (is a folder|not a regular file)"):
        prices.load("ODD", tmp_path)


@pytest.mark.parametrize(
    ("cell", "value", "expected"),
    [
        ("close", "inf", "close is missing or not a finite number"),
        ("close", "1e309", "close is missing or not a finite number"),
        ("volume", "inf", "volume is missing or not a finite number"),
        ("volume", "1e20", "volume is implausibly large"),
    ],
)
def test_impossible_numbers_are_refused(tmp_path, cell, value, expected):
    bars = synthetic_bars()
    path = write_bars(bars, tmp_path / "ABC.csv")
    lines = path.read_text().splitlines()
    header = lines[0].split(",")
    row = lines[5].split(",")
    row[header.index(cell)] = value
    lines[5] = ",".join(row)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError, match=f"ABC.csv line 6 .*{expected}"):
        prices.load("ABC", tmp_path)


def test_optional_action_columns_are_read(tmp_path):
    bars = synthetic_bars().assign(dividends=0.0, splits=0.0)
    bars.iloc[10, bars.columns.get_loc("dividends")] = 0.25
    write_bars(bars, tmp_path / "DIV.csv")
    loaded = prices.load("DIV", tmp_path)
    assert loaded["dividends"].sum() == 0.25
    assert prices.summary(["DIV"], tmp_path).loc["DIV", "ex_dividend_days"] == 0  # dividends.csv is the record


def test_summary_counts_ex_dividend_days_from_dividends_csv():
    table = prices.summary(["SPY", "TSLA"])
    assert table.loc["SPY", "ex_dividend_days"] == 12 and table.loc["TSLA", "ex_dividend_days"] == 0


def test_total_returns_equal_a_hand_calculation_on_ex_dividend_days():
    from tests.helpers import hand_total_returns

    got = prices.total_returns(["SPY", "MSFT", "TSLA"])
    ref = hand_total_returns(("SPY", "MSFT", "TSLA"))
    pd.testing.assert_frame_equal(got, ref, check_names=False, check_freq=False, check_index_type=False, atol=1e-15)
    # SPY went ex-dividend $1.5060 on 2023-03-17: close 389.99 after 396.49 the day before (PROVENANCE-dividends.md)
    closes = prices.load("SPY")["close"]
    day = pd.Timestamp("2023-03-17")
    prev = closes.index[closes.index.get_loc(day) - 1]
    assert got.loc[day, "SPY"] == pytest.approx((closes[day] + 1.506) / closes[prev] - 1, abs=1e-15)
    assert got.loc[day, "SPY"] > closes.pct_change()[day]
    assert (got["TSLA"] == prices.load("TSLA")["close"].pct_change().iloc[1:]).all()  # TSLA paid none


def test_total_return_index_starts_at_the_close_and_compounds():
    idx = prices.total_return_index(["SPY"])
    closes = prices.load("SPY")["close"]
    assert idx["SPY"].iloc[0] == closes.iloc[0]
    growth = (1 + prices.total_returns(["SPY"])["SPY"]).prod()
    assert idx["SPY"].iloc[-1] == pytest.approx(closes.iloc[0] * growth, rel=1e-12)
    assert idx["SPY"].iloc[-1] > closes.iloc[-1]  # dividends reinvested


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("SPY,2023-03-18,1.0,x", "line 2: ex_date 2023-03-18 of SPY is not a trading day"),
        ("SPY,2023-03-17,-1,x", "line 2: amount_usd '-1' is not a positive cash amount"),
        ("SPY,2023-03-17,inf,x", "line 2: amount_usd 'inf' is not a positive cash amount"),
        ("SPY,17/03/2023,1.0,x", "line 2: ex_date '17/03/2023' is not YYYY-MM-DD"),
        ("SPY,2023-03-17,1.0,", "line 2: empty source"),
    ],
)
def test_bad_dividend_rows_name_file_and_line(price_dir, row, expected):
    (price_dir / "dividends.csv").write_text(f"ticker,ex_date,amount_usd,source\n{row}\n")
    with pytest.raises(DataError, match=expected):
        prices.total_returns(["SPY"])


def test_duplicate_dividend_row(price_dir):
    (price_dir / "dividends.csv").write_text(
        "ticker,ex_date,amount_usd,source\nSPY,2023-03-17,1.5,a\nSPY,2023-03-17,1.5,b\n"
    )
    with pytest.raises(DataError, match="line 3: duplicate ex_date 2023-03-17 for SPY"):
        prices.dividends()
