"""Abnormal volume (log volume, Campbell & Wasley 1996) and abnormal volatility (Beaver 1968) against independent
computations (statsmodels OLS on log volume, explicit loops, scipy's chi-squared and t), their size under the null
and their power against planted effects on SYNTHETIC data, and the bad inputs."""

import json

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from analysis import cli
from analysis.data import prices
from analysis.methods import caar, eventstudy, volatility
from analysis.methods.spec import Spec

EVENTS = [("TSLA", "2023-08-28"), ("TSLA", "2023-09-11"), ("TSLA", "2024-06-20"), ("AMZN", "2023-08-04"),
          ("MSFT", "2024-06-20")]  # fmt: skip


def test_volume_study_is_ols_of_log_volume_on_the_benchmarks_log_volume():
    agg = caar.run(pd.DataFrame(EVENTS, columns=["ticker", "date"]), "SPY", measure="volume")
    assert agg.measure == "volume" and agg.volatility is None
    logv = np.log(prices.panel(["TSLA", "AMZN", "MSFT", "SPY"], "volume").astype(float) + 0.000255)
    cars = []
    for (ticker, date), row in zip(EVENTS, agg.table.itertuples(), strict=True):
        p = logv.index.searchsorted(pd.Timestamp(date))
        est, win = logv.iloc[p - 120 : p - 10], logv.iloc[p - 1 : p + 2]
        fit = sm.OLS(est[ticker], sm.add_constant(est["SPY"])).fit()
        x0 = sm.add_constant(win["SPY"], has_constant="add").to_numpy()
        cav = float((win[ticker] - x0 @ fit.params.to_numpy()).sum())
        ones = np.ones(3)
        var = fit.scale * 3 + ones @ x0 @ fit.cov_params().to_numpy() @ x0.T @ ones
        assert row.car == pytest.approx(cav, abs=1e-9) and row.t_stat == pytest.approx(cav / np.sqrt(var), abs=1e-7)
        cars.append(cav)
    t = stats.ttest_1samp(cars, 0.0)
    assert agg.tests["cross_sectional_t"].statistic == pytest.approx(t.statistic, abs=1e-6)
    assert agg.caar == pytest.approx(np.mean(cars), abs=1e-9)


def test_constant_mean_volume_is_log_volume_minus_its_estimation_mean():
    agg = caar.run(pd.DataFrame(EVENTS[:2], columns=["ticker", "date"]), "SPY", Spec(model="constant-mean"),
                   measure="volume")  # fmt: skip
    logv = np.log(prices.panel(["TSLA", "SPY"], "volume").astype(float) + 0.000255)["TSLA"]
    for (_, date), car in zip(EVENTS[:2], agg.table["car"], strict=True):
        p = logv.index.searchsorted(pd.Timestamp(date))
        assert car == pytest.approx((logv.iloc[p - 1 : p + 2] - logv.iloc[p - 120 : p - 10].mean()).sum(), abs=1e-9)


def test_beaver_tests_by_hand_on_bundled_events():
    agg = caar.run(pd.DataFrame(EVENTS, columns=["ticker", "date"]), "SPY")
    sar, dof = agg.sar.to_numpy(), 108
    u = [[s * s * (dof - 2) / dof for s in row] for row in sar]  # loops, not the module's arrays
    total = sum(sum(r) for r in u)
    v = agg.volatility
    assert v.chi2 == pytest.approx(total, rel=1e-12) and v.chi2_dof == len(EVENTS) * 3
    assert v.chi2_p == pytest.approx(stats.chi2.sf(total, len(EVENTS) * 3), rel=1e-9)
    vr = [sum(r) / len(r) for r in u]
    t = stats.ttest_1samp(vr, 1.0, alternative="greater")
    assert v.vr_t == pytest.approx(t.statistic, rel=1e-9) and v.vr_p == pytest.approx(t.pvalue, rel=1e-9)
    assert v.daily["mean_u"].tolist() == pytest.approx([np.mean([r[d] for r in u]) for d in range(3)], rel=1e-12)


def test_one_event_has_the_chi2_only():
    v = volatility.beaver(np.array([[0.5, -2.0, 1.0]]), 108, np.array([-1, 0, 1]))
    assert v.vr_t is None and "at least 2" in v.reason and v.chi2_dof == 3
    doc = v.as_dict()
    assert doc["variance_ratio_t"]["statistic"] is None and "reason" in doc["variance_ratio_t"]


def synthetic(n_days=1500, n_stocks=50, seed=1):
    rng = np.random.default_rng(seed)
    days = pd.bdate_range("2010-01-04", periods=n_days)
    m = rng.normal(0, 0.01, n_days)
    r = m[:, None] * rng.uniform(0.5, 1.5, n_stocks) + rng.normal(0, 0.02, (n_days, n_stocks))
    frame = pd.DataFrame(r, index=days, columns=[f"S{i:02d}" for i in range(n_stocks)])
    frame["MKT"] = m
    return frame, rng


def _events(frame, rng, n):
    pos = rng.choice(np.arange(150, len(frame) - 10), n, replace=False)
    tick = rng.integers(0, 50, n)
    return pd.DataFrame({"ticker": [f"S{i:02d}" for i in tick], "date": frame.index[pos]}), pos, tick


def test_size_of_the_volatility_tests_under_the_null():
    """SYNTHETIC normal returns, no effect: each test rejects about 5% of 300 samples of 20 events."""
    frame, rng = synthetic(seed=2)
    events = pd.concat([_events(frame, rng, 20)[0] for _ in range(300)], ignore_index=True)
    arrays = eventstudy.study(frame, events, "MKT", Spec()).arrays
    hits = {"chi2": 0, "vr": 0}
    for k in range(300):
        sample = arrays.take(slice(20 * k, 20 * (k + 1)))
        v = volatility.beaver(sample.sar, sample.dof, sample.rel)
        hits["chi2"] += v.chi2_p < 0.05
        hits["vr"] += v.vr_p < 0.05
    for name, n in hits.items():
        assert 0.02 <= n / 300 <= 0.09, (name, n)


def test_a_variance_increase_with_zero_mean_is_found_by_volatility_not_by_the_caar():
    """SYNTHETIC: on event days the abnormal return is +/-6% with equal odds (mean zero, variance up): the volatility
    tests reject, the cross-sectional CAAR test does not."""
    frame, rng = synthetic(seed=3)
    events, pos, tick = _events(frame, rng, 40)
    shocked = frame.copy()
    signs = np.where(np.arange(40) % 2 == 0, 1.0, -1.0)
    for p, t, s in zip(pos, tick, signs, strict=True):
        shocked.iloc[p, t] += 0.06 * s
    agg = caar.aggregate(eventstudy.study(shocked, events, "MKT", Spec(), keep_estimation=True))
    assert agg.volatility.chi2_p < 0.001 and agg.volatility.vr_p < 0.01
    assert agg.tests["cross_sectional_t"].p_value > 0.05


def test_a_planted_volume_spike_is_found_by_the_volume_battery():
    """SYNTHETIC log volume: +0.5 log points on day 0 of every event; the tests on 'volume' reject."""
    rng = np.random.default_rng(4)
    days = pd.bdate_range("2010-01-04", periods=900)
    market = 18 + rng.normal(0, 0.2, 900)
    logv = pd.DataFrame({f"S{i}": 14 + 0.8 * (market - 18) + rng.normal(0, 0.3, 900) for i in range(30)}, index=days)
    logv["ETF"] = market
    pos = rng.choice(np.arange(150, 890), 25, replace=False)
    for k, p in enumerate(pos):
        logv.iloc[p, k % 30] += 0.5
    events = pd.DataFrame({"ticker": [f"S{k % 30}" for k in range(25)], "date": days[pos]})
    agg = caar.aggregate(eventstudy.study(logv, events, "ETF", Spec(), keep_estimation=True), measure="volume")
    assert agg.caar == pytest.approx(0.5, abs=0.2) and agg.caar_ci[0] > 0
    assert sum(t.rejects() for t in agg.tests.values()) >= 6


def test_the_cli_volume_json_and_its_bad_inputs(capsys, tmp_path):
    f = tmp_path / "events.csv"
    f.write_text("ticker,date\n" + "\n".join(f"{t},{d}" for t, d in EVENTS) + "\n")
    assert cli.main(["caar", "--events", str(f), "--measure", "volume", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["measure"] == "volume" and "volatility" not in doc and {"car", "scar", "sar"} <= set(doc["events"][0])
    assert cli.main(["caar", "--events", str(f), "--format", "json"]) == 0
    ret = json.loads(capsys.readouterr().out)
    assert set(ret["volatility"]) == {"chi2", "variance_ratio_t", "daily"} and ret["measure"] == "return"
    assert set(ret["volatility"]["chi2"]) == {"statistic", "dof", "p_value"}
    assert cli.main(["caar", "--events", str(f), "--measure", "volume", "--model", "market-adjusted"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "market-adjusted" in err and "makes no sense for volume" in err


def test_a_zero_volume_day_in_a_window_used_is_one_line(capsys, tmp_path, monkeypatch):
    import shutil

    from analysis.data import paths

    folder = tmp_path / "prices"
    shutil.copytree(paths.PRICES, folder)
    lines = (folder / "TSLA.csv").read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("2023-08-25"))
    cells = lines[at].split(",")
    cells[lines[0].split(",").index("volume")] = "0"
    lines[at] = ",".join(cells)
    (folder / "TSLA.csv").write_text("\n".join(lines) + "\n")
    monkeypatch.setattr(paths, "PRICES", folder)
    f = tmp_path / "events.csv"
    f.write_text("ticker,date\nTSLA,2023-08-28\nAMZN,2023-08-04\n")
    assert cli.main(["caar", "--events", str(f), "--measure", "volume"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "TSLA.csv line" in err and "(2023-08-25): volume is not positive" in err
