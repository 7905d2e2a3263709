"""Multi-event tests (CAAR battery) against independent calculations, planted effects, planted correlation,
their size under the null on SYNTHETIC data, and bad events files through the CLI."""

import itertools
import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import cli
from analysis.data import sessions
from analysis.methods import battery, caar, eventstudy
from tests.helpers import independent_events

BUNDLED = [
    ("TSLA", "2023-08-15"),
    ("TSLA", "2023-09-11"),
    ("TSLA", "2024-01-26"),
    ("AMZN", "2023-08-04"),
    ("MSFT", "2024-06-20"),
    ("GOOGL", "2024-08-26"),
    ("META", "2025-01-30"),
]


@pytest.fixture(scope="module")
def bundled():
    events = pd.DataFrame(BUNDLED, columns=["ticker", "date"])
    return caar.run(events, "SPY"), independent_events(BUNDLED, "SPY")


def exact_wilcoxon_p(x: np.ndarray) -> float:
    """Two-sided exact p of the signed-rank statistic by enumerating all 2^N sign patterns (no ties)."""
    ranks = stats.rankdata(np.abs(x))
    w_plus = ranks[x > 0].sum()
    total = ranks.sum()
    dist = np.array(
        [sum(r for r, s in zip(ranks, signs, strict=True) if s) for signs in itertools.product([0, 1], repeat=len(x))]
    )
    low = min(w_plus, total - w_plus)
    return min(1.0, 2 * np.mean(dist <= low))


def test_battery_matches_independent_calculation_on_bundled_data(bundled):
    agg, ref = bundled
    n = len(BUNDLED)
    np.testing.assert_allclose(agg.table["car"], ref["car"], atol=1e-9)
    np.testing.assert_allclose(agg.table["scar"], ref["scar"], atol=1e-7)
    assert agg.caar == pytest.approx(ref["car"].mean(), abs=1e-9)
    t = agg.tests
    cs = stats.ttest_1samp(ref["car"], 0.0)
    assert t["cross_sectional_t"].statistic == pytest.approx(cs.statistic, abs=1e-6)
    assert t["cross_sectional_t"].p_value == pytest.approx(cs.pvalue, abs=1e-6)
    bmp = stats.ttest_1samp(ref["scar"], 0.0)
    assert t["bmp_t"].statistic == pytest.approx(bmp.statistic, abs=1e-6)
    assert t["bmp_t"].p_value == pytest.approx(bmp.pvalue, abs=1e-6)
    dof = ref["dof"]
    z = ref["scar"].sum() / np.sqrt(n * dof / (dof - 2))
    assert t["patell_z"].statistic == pytest.approx(z, abs=1e-6)
    assert t["patell_z"].p_value == pytest.approx(2 * stats.norm.sf(abs(z)), abs=1e-6)
    corr = pd.DataFrame(ref["est"].T).corr().to_numpy()
    rbar = corr[np.triu_indices(n, 1)].mean()
    assert agg.residual_correlation == pytest.approx(rbar, abs=1e-9)
    kp = bmp.statistic * np.sqrt((1 - rbar) / (1 + (n - 1) * rbar))
    assert t["kolari_pynnonen_t"].statistic == pytest.approx(kp, abs=1e-6)
    p_hat = np.mean([np.mean(e > 0) for e in ref["est"]])
    w = (ref["car"] > 0).sum()
    gz = (w - n * p_hat) / np.sqrt(n * p_hat * (1 - p_hat))
    assert t["generalized_sign_z"].statistic == pytest.approx(gz, abs=1e-9)
    assert t["wilcoxon"].p_value == pytest.approx(exact_wilcoxon_p(ref["car"]), abs=1e-12)


def rank_z_by_loops(est: np.ndarray, ar: np.ndarray) -> float:
    """Corrado / Campbell-Wasley rank Z written out with pandas ranks and explicit loops."""
    n, l1 = est.shape
    l2 = ar.shape[1]
    big_t = l1 + l2
    k = [pd.Series(np.r_[est[i], ar[i]]).rank().to_numpy() / (big_t + 1) for i in range(n)]
    mean_day = [sum(k[i][d] for i in range(n)) / n for d in range(big_t)]
    s = np.sqrt(sum((m - 0.5) ** 2 for m in mean_day) / big_t)
    return sum(mean_day[d] - 0.5 for d in range(l1, big_t)) / (np.sqrt(l2) * s)


@pytest.mark.parametrize("window", [(0, 0), (-1, 1), (0, 5)])
def test_rank_test_matches_loops(window):
    events = pd.DataFrame(BUNDLED, columns=["ticker", "date"])
    agg = caar.run(events, "QQQ", eventstudy.Spec(window=window))
    ref = independent_events(BUNDLED, "QQQ", win=window)
    assert agg.tests["corrado_rank_z"].statistic == pytest.approx(rank_z_by_loops(ref["est"], ref["ar"]), abs=1e-9)


def synthetic_returns(n_days=900, n_stocks=60, common=0.0, seed=3):
    """SYNTHETIC market-model returns; ``common`` adds a shared residual factor (cross-correlation)."""
    rng = np.random.default_rng(seed)
    days = sessions.sessions(pd.Timestamp("2012-01-03"), pd.Timestamp("2019-12-31"))[:n_days]
    m = rng.normal(0.0004, 0.01, n_days)
    shared = rng.normal(0, 0.01, n_days)
    frame = {
        f"S{i:02d}": 0.0002 + rng.uniform(0.6, 1.6) * m + common * shared + rng.normal(0, 0.015, n_days)
        for i in range(n_stocks)
    }
    frame["MKT"] = m
    return pd.DataFrame(frame, index=days)


def _study(rets, events, window=(-1, 1)):
    return eventstudy.study(rets, events, "MKT", eventstudy.Spec(window=window), keep_estimation=True)


def test_planted_effect_is_found_by_every_test():
    rets = synthetic_returns()
    rng = np.random.default_rng(5)
    pos = rng.choice(np.arange(200, 880), 40, replace=False)
    events = pd.DataFrame({"ticker": [f"S{i:02d}" for i in range(40)], "date": rets.index[pos]})
    for i, p in enumerate(pos):
        rets.iloc[p, i] += 0.04  # planted +4% on day 0
    agg = caar.aggregate(_study(rets, events))
    assert agg.caar == pytest.approx(0.04, abs=0.01)
    for name, result in agg.tests.items():
        assert result.p_value < 0.01, name


def test_kolari_pynnonen_shrinks_bmp_under_planted_correlation_and_equals_it_without():
    rets = synthetic_returns(common=1.5)
    day0 = rets.index[500]
    events = pd.DataFrame({"ticker": [f"S{i:02d}" for i in range(30)], "date": day0})
    rets.iloc[500, :30] += 0.02
    agg = caar.aggregate(_study(rets, events))
    assert agg.residual_correlation > 0.3
    bmp, kp = agg.tests["bmp_t"].statistic, agg.tests["kolari_pynnonen_t"].statistic
    assert abs(kp) < abs(bmp) / 2
    scar = _study(rets, events).arrays.scar
    assert battery.kolari_pynnonen_t(scar, 0.0).statistic == pytest.approx(battery.bmp_t(scar).statistic, abs=1e-12)


def test_size_under_the_null_is_close_to_five_percent():
    """400 SYNTHETIC samples of 25 events on distinct dates, no effect: each test rejects about 5% of the time."""
    rets = synthetic_returns(n_days=1400, n_stocks=50, seed=11)
    rng = np.random.default_rng(12)
    samples, n = 400, 25
    pos = np.concatenate([rng.choice(np.arange(130, 1390), n, replace=False) for _ in range(samples)])
    tick = rng.integers(0, 50, samples * n)
    events = pd.DataFrame({"ticker": [f"S{i:02d}" for i in tick], "date": rets.index[pos]})
    arrays = _study(rets, events, window=(0, 0)).arrays
    rejections = {name: 0 for name in battery.REGISTRY}
    for s in range(samples):
        tests = battery.run_all(caar.inputs(arrays.take(slice(s * n, (s + 1) * n))))
        for name, result in tests.items():
            rejections[name] += result.p_value < 0.05
    rates = {k: v / samples for k, v in rejections.items()}
    for name, rate in rates.items():
        assert 0.015 <= rate <= 0.095, (name, rate)  # 5% +/- about 3.5 binomial standard errors


def test_too_few_events_are_null_with_a_reason():
    rets = synthetic_returns()
    events = pd.DataFrame({"ticker": ["S01"], "date": [rets.index[400]]})
    agg = caar.aggregate(_study(rets, events))
    for name in ("cross_sectional_t", "bmp_t", "kolari_pynnonen_t", "wilcoxon"):
        assert agg.tests[name].statistic is None and "at least 2 events" in agg.tests[name].note
    assert agg.tests["patell_z"].computed and agg.residual_correlation is None


def run_cli(capsys, args, stdin=None, monkeypatch=None):
    if stdin is not None:
        import io

        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(["caar", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_json_has_the_documented_fields(capsys, tmp_path):
    path = tmp_path / "ev.csv"
    path.write_text("ticker,date,benchmark,label\nTSLA,2023-08-15,,posting\nAMZN,2023-08-04,QQQ,AWS results\n")
    code, out, _ = run_cli(capsys, ["--events", str(path), "--format", "json"])
    assert code == 0
    doc = json.loads(out)
    assert doc["n_events"] == 2 and set(battery.REGISTRY) | {"count_significant"} == set(doc["tests"])
    assert {"ticker", "date", "day0", "benchmark", "car", "car_se", "t_stat", "p_value", "scar"} <= set(
        doc["events"][0]
    )
    assert [e["benchmark"] for e in doc["events"]] == ["SPY", "QQQ"]
    assert [d["rel_day"] for d in doc["daily"]] == [-1, 0, 1] and {"aar", "caar"} <= set(doc["daily"][0])
    assert doc["tests"]["wilcoxon"]["note"].startswith("cannot reach p < 0.05")
    assert isinstance(doc["residual_correlation"], float)


def test_cli_table_and_stdin(capsys, monkeypatch):
    code, out, _ = run_cli(capsys, ["--events", "-"], "ticker,date\nTSLA,2023-08-15\nTSLA,2023-09-11\n", monkeypatch)
    assert code == 0 and "Kolari–Pynnönen t" in out and "CAAR" in out


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "file not found"),
        ("", "empty file"),
        ("ticker,date\n", "no events below the header"),
        ("tikcer,date\nTSLA,2023-08-15\n", "line 1: missing column 'ticker' (is 'tikcer' a misspelling?)"),
        ("ticker,date,bench\nTSLA,2023-08-15,SPY\n", "line 1: unknown column 'bench' (did you mean 'benchmark'?)"),
        ("ticker,date\nTSLA,2023-08-15\nTSLA,2023-13-01\n", "line 3: date '2023-13-01' is not a date"),
        ("ticker,date\nTSLA,2023-08-15\nNVDA,2023-09-11\n", "line 3: no bundled prices for ticker NVDA"),
        ("ticker,date\nTSLA,2023-08-15\nTS LA,2023-09-11\n", "line 3: ticker 'TS LA' is malformed"),
        ("ticker,date\nTSLA,2023-08-15\n\nTSLA,2023-08-15\n", "line 4: duplicate event TSLA 2023-08-15 (also line 2)"),
        ("ticker,date\nTSLA,2023-08-12\nTSLA,2023-08-14\n", "line 3: TSLA 2023-08-14 has the same day 0"),
        ("ticker,date\nTSLA,2023-08-15\n", "line 2: only one event; a CAAR needs at least 2"),
        ("ticker,date\nTSLA,2023-08-15\nTSLA,2026-03-02\n", "line 3: event date 2026-03-02 is outside the return data"),
        ("ticker,date\nTSLA,2023-08-15\nTSLA,2023-02-01\n", "line 3: estimation window starts 120 trading days"),
        (
            "ticker,date,benchmark\nTSLA,2023-08-15,TSLA\nAMZN,2023-08-15,\n",
            "line 2: ticker TSLA is also the benchmark",
        ),
        (b"ticker,date\nTSLA,2023-08-15\n\xff\xfe\n", "not UTF-8 text"),
    ],
)
def test_cli_bad_events_file_is_one_line_exit_2(capsys, tmp_path, content, expected):
    path = tmp_path / "ev.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    code, out, err = run_cli(capsys, ["--events", str(path)])
    assert code == 2 and out == ""
    assert expected in err, err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_cli_events_file_that_is_a_folder(capsys, tmp_path):
    code, _, err = run_cli(capsys, ["--events", str(tmp_path)])
    assert code == 2 and "is a folder" in err


def test_milestones_csv_feeds_caar(capsys, monkeypatch):
    assert cli.main(["milestones", "--drop", "2023-08-15", "--start", "2024-01-01", "--end", "2024-12-31"]) == 0
    listing = capsys.readouterr().out
    assert listing.splitlines()[0] == "ticker,date,label" and all(",2024-" in line for line in listing.splitlines()[1:])
    code, _, err = run_cli(capsys, ["--events", "-", "--format", "json"], listing, monkeypatch)
    assert code == 2 and "share trading days" in err and "--allow-overlap" in err  # 2024 has milestones days apart
    code, out, _ = run_cli(capsys, ["--events", "-", "--format", "json", "--allow-overlap"], listing, monkeypatch)
    doc = json.loads(out)
    assert code == 0 and doc["n_events"] == len(listing.splitlines()) - 1 and doc["overlapping_pairs"] > 0
    assert [e["day0"] for e in doc["events"]] == [line.split(",")[1] for line in listing.splitlines()[1:]]


def test_standardized_abnormal_returns_use_the_prediction_error_variance():
    """SAR_t = AR_t / (s * sqrt(1 + x0' (X'X)^-1 x0)), written out with statsmodels' parameter covariance."""
    import statsmodels.api as sm

    from tests.helpers import hand_total_returns

    agg = caar.run(pd.DataFrame(BUNDLED[:3], columns=["ticker", "date"]), "SPY")
    for i, (ticker, date) in enumerate(BUNDLED[:3]):
        rets = hand_total_returns((ticker, "SPY"))
        p = rets.index.searchsorted(pd.Timestamp(date))
        est, win = rets.iloc[p - 120 : p - 10], rets.iloc[p - 1 : p + 2]
        fit = sm.OLS(est[ticker], sm.add_constant(est["SPY"])).fit()
        x0 = sm.add_constant(win["SPY"], has_constant="add").to_numpy()
        ar = win[ticker].to_numpy() - x0 @ fit.params.to_numpy()
        var = fit.scale + np.einsum("ij,jk,ik->i", x0, fit.cov_params().to_numpy(), x0)
        np.testing.assert_allclose(agg.sar.iloc[i].to_numpy(), ar / np.sqrt(var), atol=1e-8)


def test_cli_json_carries_each_events_sars(capsys, tmp_path):
    path = tmp_path / "ev.csv"
    path.write_text("ticker,date\nTSLA,2023-08-15\nAMZN,2023-08-04\n")
    assert cli.main(["caar", "--events", str(path), "--format", "json", "--window", "0", "2"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert all(len(e["sar"]) == 3 for e in doc["events"])
