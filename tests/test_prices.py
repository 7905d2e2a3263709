"""Loading and validating the bundled snapshot, and every kind of corrupt file."""

import pandas as pd
import pytest

from analysis import prices
from analysis.errors import DataError, UserError
from tests.conftest import synthetic_bars, write_bars

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
        (lambda ls: _set(ls, 4, 4, "abc"), "line 5 (2023-01-06): close is missing or not a number ('abc')"),
        (lambda ls: _set(ls, 4, 4, ""), "line 5 (2023-01-06): close is missing"),
        (lambda ls: _set(ls, 3, 1, "-5"), "line 4 (2023-01-05): open is not positive ('-5')"),
        (lambda ls: _set(ls, 3, 5, "0"), "line 4 (2023-01-05): volume is not positive"),
        (lambda ls: _set(ls, 3, 3, "1000"), "line 4 (2023-01-05): low is above open or close"),
        (lambda ls: _set(ls, 3, 2, "1"), "line 4 (2023-01-05): high is below open or close"),
        (lambda ls: ls[:3] + ls[4:], "trading day 2023-01-05 is missing"),
        (lambda ls: _set(ls, 4, 0, "2023-01-07"), "2023-01-07 is not an NYSE trading day"),
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
    with pytest.raises(DataError, match=r"EMPTY.csv: unreadable CSV"):
        prices.load("EMPTY", tmp_path)
    (tmp_path / "BIN.csv").write_bytes(bytes(range(256)) * 4)
    with pytest.raises(DataError, match=r"BIN.csv"):
        prices.load("BIN", tmp_path)


def test_optional_action_columns_are_read(tmp_path):
    bars = synthetic_bars().assign(dividends=0.0, splits=0.0)
    bars.iloc[10, bars.columns.get_loc("dividends")] = 0.25
    write_bars(bars, tmp_path / "DIV.csv")
    loaded = prices.load("DIV", tmp_path)
    assert loaded["dividends"].sum() == 0.25
    assert prices.summary(["DIV"], tmp_path).loc["DIV", "actions"] == "dividends, splits"
