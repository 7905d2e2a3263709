"""The event-study engine against an independent statsmodels calculation, planted effects, and bad input."""

import numpy as np
import pandas as pd
import pytest

from analysis.data import prices, sessions
from analysis.data.errors import UserError
from analysis.methods import eventstudy, snapshot, spec
from tests.helpers import independent


@pytest.mark.parametrize(
    ("ticker", "date", "benchmark", "win"),
    [
        ("TSLA", "2023-08-15", "SPY", (-1, 1)),
        ("AMZN", "2023-08-15", "SPY", (-1, 1)),
        ("TSLA", "2023-08-14", "QQQ", (0, 5)),
        ("AMZN", "2023-08-04", "QQQ", (-5, 5)),
        ("TSLA", "2023-09-11", "SPY", (0, 0)),
    ],
)
def test_market_model_matches_statsmodels_on_bundled_data(ticker, date, benchmark, win):
    ref = independent(ticker, date, benchmark, win=win)
    res = snapshot.run([ticker], date, benchmark, eventstudy.Spec(window=win))
    row = res.table.iloc[0]
    assert row["day0"] == ref["day0"].date().isoformat()
    for key in ("alpha", "beta", "sigma", "car", "t_stat", "p_value"):
        assert row[key] == pytest.approx(ref[key], abs=1e-6), key
    np.testing.assert_allclose(res.daily["ar"].to_numpy(), ref["ar"], atol=1e-9)


def _synthetic(n=400, seed=1):
    """SYNTHETIC returns: a market factor and three stocks with known alpha and beta."""
    rng = np.random.default_rng(seed)
    days = sessions.sessions(pd.Timestamp("2022-01-03"), pd.Timestamp("2024-12-31"))[:n]
    m = rng.normal(0.0005, 0.01, n)
    data = {"MKT": m}
    for name, beta in (("A", 0.8), ("B", 1.5), ("C", 1.0)):
        data[name] = 0.0002 + beta * m + rng.normal(0, 0.005, n)
    return pd.DataFrame(data, index=days)


def test_planted_abnormal_return_is_found_and_placebo_is_not():
    rets = _synthetic()
    day0 = rets.index[250]
    rets.loc[day0, "B"] += 0.08  # planted +8% abnormal return on day 0
    events = pd.DataFrame({"ticker": ["B", "A"], "date": [day0, day0]})
    res = eventstudy.study(rets, events, "MKT", eventstudy.Spec(window=(0, 0)))
    planted, placebo = res.table.iloc[0], res.table.iloc[1]
    assert planted["car"] == pytest.approx(0.08, abs=0.02)
    assert planted["p_value"] < 1e-6
    assert placebo["p_value"] > 0.01
    assert planted["beta"] == pytest.approx(1.5, abs=0.1)


def test_vectorised_many_pairs_equals_one_at_a_time():
    rets = _synthetic()
    dates = rets.index[[150, 200, 260, 300]]
    events = pd.DataFrame({"ticker": ["A", "B", "C", "A"], "date": dates})
    together = eventstudy.study(rets, events, "MKT").table
    for i, (t, d) in enumerate(zip(events["ticker"], events["date"], strict=True)):
        alone = eventstudy.study(rets, pd.DataFrame({"ticker": [t], "date": [d]}), "MKT").table.iloc[0]
        pd.testing.assert_series_equal(together.iloc[i], alone, check_names=False)


def test_other_models_by_hand():
    rets = _synthetic()
    day0 = rets.index[250]
    events = pd.DataFrame({"ticker": ["A"], "date": [day0]})
    e, w = rets.iloc[250 - 120 : 250 - 10], rets.iloc[249:252]
    adj = eventstudy.study(rets, events, "MKT", eventstudy.Spec(model="market-adjusted")).table.iloc[0]
    ar_e = e["A"] - e["MKT"]
    assert adj["car"] == pytest.approx((w["A"] - w["MKT"]).sum(), abs=1e-12)
    assert adj["t_stat"] == pytest.approx(adj["car"] / (ar_e.std(ddof=1) * np.sqrt(3)), abs=1e-9)
    cm = eventstudy.study(rets, events, "MKT", eventstudy.Spec(model="constant-mean")).table.iloc[0]
    mu, s = e["A"].mean(), e["A"].std(ddof=1)
    assert cm["car"] == pytest.approx((w["A"] - mu).sum(), abs=1e-12)
    assert cm["t_stat"] == pytest.approx(cm["car"] / (s * np.sqrt(3 + 9 / 110)), abs=1e-9)


def test_car_path_band_ends_at_window_variance():
    res = snapshot.run(["TSLA"], "2023-08-15", spec=eventstudy.Spec(window=(-5, 5)))
    daily, row = res.daily, res.table.iloc[0]
    assert daily["car"].iloc[-1] == pytest.approx(row["car"])
    assert daily["car_se"].iloc[-1] == pytest.approx(row["car_se"])
    assert (np.diff(daily["car_se"]) > 0).all()


def test_abnormal_volume_by_hand():
    res = snapshot.run(["TSLA"], "2023-08-15")
    vol = prices.load("TSLA")["volume"].iloc[1:]
    logv = np.log(vol.to_numpy(dtype=float))
    p = vol.index.get_loc(pd.Timestamp("2023-08-15"))
    est, win = logv[p - 120 : p - 10], logv[p - 1 : p + 2]
    z = (win - est.mean()) / est.std(ddof=1)
    assert res.table.iloc[0]["abnormal_volume_z"] == pytest.approx(z.mean())


def test_day0_is_next_trading_day_for_weekend_and_holiday():
    assert snapshot.run(["TSLA"], "2023-08-13").results[0].day0 == "2023-08-14"  # Sunday
    assert snapshot.run(["TSLA"], "2023-09-04").results[0].day0 == "2023-09-05"  # Labor Day
    assert snapshot.run(["TSLA"], "2023-08-15").results[0].day0 == "2023-08-15"


def test_relative_days_count_trading_days():
    res = snapshot.run(["TSLA"], "2023-09-01", spec=eventstudy.Spec(window=(0, 1)))
    assert res.daily["date"].dt.date.astype(str).tolist() == ["2023-09-01", "2023-09-05"]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"tickers": ["XXXX"]}, "no data for ticker XXXX"),
        ({"date": "2023-02-30"}, "event date '2023-02-30' is not a date"),
        ({"date": "2026-03-02"}, "outside the return data"),
        ({"date": "2023-03-01"}, "estimation window starts 120 trading days before day 0"),
        ({"date": "2025-12-30", "spec": eventstudy.Spec(window=(0, 5))}, "event window ends 5 trading days after"),
        ({"spec": eventstudy.Spec(window=(1, -1))}, "event window 1 -1 is reversed"),
        ({"spec": eventstudy.Spec(estimation=(-11, -120))}, "estimation window -11 -120 is reversed"),
        ({"spec": eventstudy.Spec(estimation=(-120, 0))}, "overlaps the event window"),
        ({"spec": eventstudy.Spec(estimation=(-20, -11))}, "use at least 30"),
        ({"spec": eventstudy.Spec(model="fama-french")}, "model 'fama-french' is not one of"),
        ({"tickers": ["SPY"]}, "ticker SPY is also the benchmark"),
    ],
)
def test_bad_input_is_a_clear_user_error(kwargs, expected):
    args = {"tickers": ["TSLA"], "date": "2023-08-15", "benchmark": "SPY"} | kwargs
    with pytest.raises(UserError) as err:
        snapshot.run(**args)
    assert expected in str(err.value)
    assert "\n" not in str(err.value)


def test_robustness_ignores_repeated_choices():
    once = snapshot.robustness(["TSLA"], ["2023-08-15"], ["SPY"], [(-1, 1)])
    twice = snapshot.robustness(["TSLA", "TSLA"], ["2023-08-15"] * 2, ["SPY", "SPY"], [(-1, 1), (-1, 1)])
    pd.testing.assert_frame_equal(once, twice)
    assert len(once) == 3 and set(once["model"]) == set(spec.MODELS)


def test_a_short_history_does_not_cut_the_others(price_dir):
    """A SYNTHETIC ticker listed in mid-2024: TSLA's 2023 study is unchanged beside it, and an event of the new
    ticker before its listing is one line naming the ticker, the day and its history."""
    from tests.helpers import synthetic_bars, write_bars

    write_bars(synthetic_bars("2024-06-03", "2025-06-30"), price_dir / "NEWCO.csv")
    alone = snapshot.run(["TSLA"], "2023-08-15").table
    beside = snapshot.load(["TSLA", "NEWCO"], "SPY")[0]
    assert beside["TSLA"].notna().sum() == snapshot.load(["TSLA"], "SPY")[0]["TSLA"].notna().sum()
    events = pd.DataFrame({"ticker": ["TSLA", "NEWCO"], "date": ["2023-08-15", "2025-01-15"]})
    both = eventstudy.study(beside, events, "SPY", spec.Spec())
    pd.testing.assert_series_equal(both.table.iloc[0][["car", "t_stat"]], alone.iloc[0][["car", "t_stat"]])
    assert np.isfinite(both.table.iloc[1]["car"])
    with pytest.raises(UserError, match=r"NEWCO has no data on 2024-\d\d-\d\d, a day the event of 2024-07-01 uses "
                       r"\(its history runs 2024-06-04 to 2025-06-30\)"):  # fmt: skip
        snapshot.run(["NEWCO"], "2024-07-01")
    with pytest.raises(UserError, match="NEWCO has no data"):
        snapshot.run_volume(["NEWCO"], "2024-07-01")
