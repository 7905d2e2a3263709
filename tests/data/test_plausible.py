"""Data that are well-formed but wrong: bars after the end asked for, implausible dividends, unadjusted splits and
stale feeds are refused with their line (or, for bars after the end, left out), never turned into a return."""

import numpy as np
import pandas as pd
import pytest

from analysis import cli
from analysis.data import prices, refresh, sessions
from analysis.data.errors import DataError, UserError
from analysis.methods import eventstudy, spec
from tests.data.test_refresh import extended, fake, yahoo_like
from tests.helpers import snapshot_bytes, synthetic_bars, write_bars


def test_bars_after_end_or_today_are_not_stored(price_dir, monkeypatch):
    bars = extended("TSLA", days=10)  # the bundled bars and ten SYNTHETIC sessions in January 2026
    [outcome] = refresh.refresh(["TSLA"], end="2026-01-08", fetch=fake(yahoo_like(bars)))
    assert outcome.ok, outcome.message
    assert prices.load("TSLA", price_dir).index[-1] == pd.Timestamp("2026-01-08")
    monkeypatch.setattr(pd.Timestamp, "today", classmethod(lambda cls: pd.Timestamp("2026-01-06 15:00")))
    [outcome] = refresh.refresh(["TSLA"], fetch=fake(yahoo_like(bars)))  # a feed with bars dated after today
    assert not outcome.ok and "less than the snapshot's" in outcome.message  # 2026-01-06 < the stored 2026-01-08


def shifted_split(bars: pd.DataFrame, day: str, ratio: float) -> pd.DataFrame:
    """SYNTHETIC: the bars before ``day`` multiplied by ``ratio`` (prices) as an unadjusted split leaves them."""
    out = bars.copy()
    before = out.index < pd.Timestamp(day)
    out.loc[before, ["open", "high", "low", "close"]] *= ratio
    return out


def test_an_unadjusted_split_in_a_file_is_refused_with_its_line(price_dir, capsys):
    bars = shifted_split(prices.load("TSLA"), "2024-06-03", 3.0)
    write_bars(bars, price_dir / "TSLA.csv")
    line = int(bars.index.get_loc(pd.Timestamp("2024-06-03"))) + 2
    with pytest.raises(DataError, match=rf"line {line} \(2024-06-03\): the price moves ×0.33\d* overnight"):
        prices.load("TSLA", price_dir)
    for fmt in ("table", "json"):
        assert cli.main(["event", "TSLA", "--date", "2023-08-15", "--format", fmt]) == 2
        err = capsys.readouterr().err
        assert "as an unadjusted stock split would" in err and err.count("\n") == 1


def test_a_download_with_an_unadjusted_split_keeps_the_file(price_dir):
    before = snapshot_bytes(price_dir)
    reply = yahoo_like(shifted_split(extended("TSLA"), "2025-06-02", 1 / 3))  # a 1-for-3 reverse split
    reply.loc[reply.index[reply.index.normalize().tz_localize(None) == "2025-06-02"], "Stock Splits"] = 1 / 3
    [outcome] = refresh.refresh(["TSLA"], fetch=fake(reply))
    assert not outcome.ok and "unadjusted stock split" in outcome.message
    assert snapshot_bytes(price_dir) == before


def test_a_real_split_adjusted_series_passes():
    bars = synthetic_bars("2023-01-03", "2023-12-29")  # SYNTHETIC: a random walk of 2% a day
    assert len(prices.validate(bars.reset_index().assign(date=lambda f: f["date"].dt.strftime("%Y-%m-%d")), "x"))


@pytest.mark.parametrize(
    ("amount", "source", "expected"),
    [
        ("400", "a typo", "amount_usd 400 is not below the previous close"),
        ("30", "a typo", "amount_usd 30 is over 10% of the previous close"),
        ("30", "Special dividend, 8-K", None),
    ],
)
def test_implausible_dividends_are_refused_with_their_line(price_dir, amount, source, expected):
    path = price_dir / "dividends.csv"
    lines = path.read_text().splitlines()
    lines.append(f'TSLA,2024-06-03,{amount},"{source}"')
    path.write_text("\n".join(lines) + "\n")
    if expected is None:
        assert prices.total_returns(["TSLA"], price_dir).loc["2024-06-03", "TSLA"] > 0.1
        return
    with pytest.raises(DataError, match=rf"dividends.csv line {len(lines)} \(TSLA 2024-06-03\): {expected}"):
        prices.total_returns(["TSLA"], price_dir)


def test_a_download_with_an_implausible_dividend_keeps_the_file(price_dir):
    before = snapshot_bytes(price_dir)
    reply = yahoo_like(extended("TSLA"))
    reply.iloc[-2, reply.columns.get_loc("Dividends")] = 5000.0
    [outcome] = refresh.refresh(["TSLA"], fetch=fake(reply))
    assert not outcome.ok and "dividend 5000 is not below the previous close" in outcome.message
    assert snapshot_bytes(price_dir) == before


def stale(bars: pd.DataFrame, start: str, days: int) -> pd.DataFrame:
    """SYNTHETIC: ``days`` bars from ``start`` on, each a copy of the bar before them (a feed that stopped)."""
    out = bars.copy()
    at = out.index.get_loc(pd.Timestamp(start))
    out.iloc[at : at + days] = out.iloc[at - 1].to_numpy()
    return out


@pytest.mark.parametrize("command", ["event", "caar"])
@pytest.mark.parametrize("fmt", ["table", "json"])
def test_a_stale_feed_is_one_line_on_event_and_caar(price_dir, capsys, tmp_path, command, fmt):
    write_bars(stale(prices.load("TSLA"), "2023-06-01", 60), price_dir / "TSLA.csv")
    events = tmp_path / "ev.csv"
    events.write_text("ticker,date\nTSLA,2023-08-15\nTSLA,2023-09-11\n")
    argv = ["event", "TSLA", "--date", "2023-08-15"] if command == "event" else ["caar", "--events", str(events)]
    assert cli.main([*argv, "--format", fmt]) == 2
    err = capsys.readouterr().err
    assert "repeats the one before it exactly for 3 days running (a stale feed?)" in err and err.count("\n") == 1


def test_returns_that_do_not_vary_are_a_user_error_in_the_engine():
    days = sessions.sessions(pd.Timestamp("2023-01-03"), pd.Timestamp("2023-12-29"))
    rng = np.random.default_rng(3)
    returns = pd.DataFrame({"FLAT": 0.0, "SPY": rng.normal(0, 0.01, len(days))}, index=days)  # SYNTHETIC
    events = pd.DataFrame({"ticker": ["FLAT"], "date": ["2023-08-15"]})
    with pytest.raises(UserError, match="FLAT: returns do not vary over the estimation window of the event of "
                       "2023-08-15"):  # fmt: skip
        eventstudy.study(returns, events, "SPY", spec.Spec())
