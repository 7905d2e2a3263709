"""Intervals, multiplicity, hit counts, influence and overlap of the multi-event study, each against an independent
computation (scipy's t quantile, Holm and Benjamini-Hochberg written out, the binomial by math.comb, leave-one-out
by loop), and what an interval allows (methods.power) with the stated power checked by simulation (SYNTHETIC)."""

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import cli
from analysis.data.errors import UserError
from analysis.methods import caar, power
from analysis.methods.spec import Spec

EVENTS = [("TSLA", "2023-08-15"), ("TSLA", "2023-09-11"), ("TSLA", "2024-06-20"), ("AMZN", "2023-08-04"),
          ("MSFT", "2024-06-20"), ("GOOGL", "2024-08-26"), ("META", "2025-01-30"), ("TSLA", "2025-03-21")]  # fmt: skip


@pytest.fixture(scope="module")
def agg():
    return caar.run(pd.DataFrame(EVENTS, columns=["ticker", "date"]), "SPY")


def holm_by_hand(p: list[float]) -> list[float]:
    order = sorted(range(len(p)), key=lambda i: p[i])
    out, running = [0.0] * len(p), 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (len(p) - rank) * p[i]))
        out[i] = running
    return out


def bh_by_hand(p: list[float]) -> list[float]:
    n = len(p)
    order = sorted(range(n), key=lambda i: p[i], reverse=True)
    out, running = [0.0] * n, 1.0
    for k, i in enumerate(order):
        running = min(running, p[i] * n / (n - k))
        out[i] = running
    return out


def test_per_event_intervals_use_students_t_with_the_residual_dof(agg):
    t = agg.table
    assert (t["dof"] == 120 - 11 + 1 - 2).all()
    half = stats.t.ppf(0.975, t["dof"]) * t["car_se"]
    np.testing.assert_allclose(t["ci_low"], t["car"] - half, atol=1e-12)
    np.testing.assert_allclose(t["ci_high"], t["car"] + half, atol=1e-12)
    inside = (t["ci_low"] < 0) & (t["ci_high"] > 0)
    assert (inside == (t["p_value"] >= 0.05)).all()  # the interval and the test agree


def test_caar_interval_is_the_cross_sectional_t_interval(agg):
    car = agg.table["car"].to_numpy()
    low, high = stats.t.interval(0.95, len(car) - 1, loc=car.mean(), scale=stats.sem(car))
    assert agg.caar_ci == pytest.approx((low, high), abs=1e-12)


def test_holm_and_bh_by_hand(agg):
    from statsmodels.stats.multitest import multipletests

    p = agg.table["p_value"].tolist()
    np.testing.assert_allclose(agg.table["p_holm"], multipletests(p, method="holm")[1], atol=1e-12)
    np.testing.assert_allclose(agg.table["p_bh"], multipletests(p, method="fdr_bh")[1], atol=1e-12)
    np.testing.assert_allclose(agg.table["p_holm"], holm_by_hand(p), atol=1e-12)
    np.testing.assert_allclose(agg.table["p_bh"], bh_by_hand(p), atol=1e-12)
    assert (agg.table["p_holm"] >= agg.table["p_bh"] - 1e-15).all()
    assert (agg.table["p_bh"] >= agg.table["p_value"]).all()


@pytest.mark.parametrize(("k", "n"), [(0, 8), (2, 14), (7, 27), (27, 27)])
def test_hit_count_is_the_binomial_tail(k, n):
    p = np.r_[np.full(k, 0.01), np.full(n - k, 0.5)]
    got = caar.count(p, 0.05)
    expected = sum(math.comb(n, j) * 0.05**j * 0.95 ** (n - j) for j in range(k, n + 1))
    assert (got.k, got.n, got.level) == (k, n, 0.05) and got.p_value == pytest.approx(expected, rel=1e-12)


def test_influence_is_leave_one_out(agg):
    car = agg.table["car"].to_numpy()
    by_loop = [np.delete(car, i).mean() for i in range(len(car))]
    np.testing.assert_allclose(agg.influence["caar_without"], by_loop, atol=1e-15)
    assert list(agg.influence["day0"]) == list(agg.table["day0"])


def test_overlapping_windows_of_one_ticker_are_refused_naming_both_events():
    events = pd.DataFrame({"ticker": ["TSLA", "TSLA", "AMZN"], "date": ["2024-01-24", "2024-01-26", "2024-01-25"]})
    with pytest.raises(UserError, match=r"event 1 and event 2: TSLA event windows -1\.\.\+1 around 2024-01-24 and"):
        caar.run(events, "SPY")
    allowed = caar.run(events, "SPY", allow_overlap=True)
    assert allowed.overlapping_pairs == 1  # AMZN's window shares days with both, but it is another ticker
    apart = caar.run(events, "SPY", Spec(window=(0, 0)))  # one-day windows two sessions apart do not overlap
    assert apart.overlapping_pairs == 0


def test_overlaps_by_brute_force():
    rng = np.random.default_rng(9)
    tickers, pos = rng.choice(["A", "B"], 40), rng.integers(0, 120, 40)
    for window in [(0, 0), (-1, 1), (0, 5)]:
        days = [set(range(p + window[0], p + window[1] + 1)) for p in pos]
        expected = sorted((i, j) for i in range(40) for j in range(i + 1, 40)
                          if tickers[i] == tickers[j] and days[i] & days[j])  # fmt: skip
        assert caar.overlaps(tickers, pos, window) == expected


def test_cli_refuses_overlap_in_one_line_naming_both_lines(capsys, tmp_path):
    f = tmp_path / "events.csv"
    f.write_text("ticker,date\nTSLA,2024-01-24\nAMZN,2024-03-01\nTSLA,2024-01-25\n")
    assert cli.main(["caar", "--events", str(f)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 2 and" in err and "line 4" in err and "--allow-overlap" in err


def test_cli_json_has_the_inference_fields(capsys, tmp_path):
    f = tmp_path / "events.csv"
    f.write_text("ticker,date\n" + "\n".join(f"{t},{d}" for t, d in EVENTS) + "\n")
    assert cli.main(["caar", "--events", str(f), "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["measure"] == "return" and doc["overlapping_pairs"] == 0 and len(doc["caar_ci"]) == 2
    assert {"dof", "ci_low", "ci_high", "p_holm", "p_bh"} <= set(doc["events"][0])
    assert set(doc["tests"]["count_significant"]) == {"k", "n", "level", "p_value"}
    assert [set(e) for e in doc["influence"]] == [{"ticker", "day0", "caar_without"}] * len(EVENTS)


def test_the_caar_path_cumulates_from_the_window_start():
    events = pd.DataFrame(EVENTS[:4], columns=["ticker", "date"])
    table = caar.run(events, "SPY", Spec(window=(-1, 1)))
    wide = caar.run(events, "SPY", Spec(window=(-5, 5)), cumulate_from=-1).daily.set_index("rel_day")
    assert wide["caar"].loc[:-2].isna().all()
    assert wide.loc[1, "caar"] == pytest.approx(table.caar, abs=1e-12)  # day +1 of the chart equals the table


def test_estimation_windows_keep_other_events_as_stated(tmp_path):
    """SYNTHETIC: an event inside another's estimation window stays in that fit: the result equals plain OLS over
    every estimation day (docs/methods.md, 'Estimation windows')."""
    import statsmodels.api as sm

    from analysis.methods import eventstudy

    rng = np.random.default_rng(5)
    days = pd.bdate_range("2020-01-01", periods=400)
    m = rng.normal(0, 0.01, 400)
    r = 1.2 * m + rng.normal(0, 0.02, 400)
    r[250] += 0.15  # the first event's shock, inside the second event's estimation window
    rets = pd.DataFrame({"S": r, "M": m}, index=days)
    events = pd.DataFrame({"ticker": ["S", "S"], "date": [days[250], days[300]]})
    res = eventstudy.study(rets, events, "M", Spec(), keep_estimation=True)
    est = slice(300 - 120, 300 - 10)
    fit = sm.OLS(r[est], sm.add_constant(m[est])).fit()
    assert res.table["beta"].iloc[1] == pytest.approx(fit.params[1], abs=1e-12)
    assert res.table["sigma"].iloc[1] == pytest.approx(np.sqrt(fit.scale), abs=1e-12)


@pytest.mark.parametrize(
    ("low", "high", "direction", "claimed", "reading"),
    [
        (0.01, 0.05, "any", None, "supported"),
        (-0.05, -0.01, "any", None, "supported"),
        (-0.05, -0.01, "up", None, "contradicted"),
        (-0.13, 0.05, "any", None, "not detected"),
        (-0.02, 0.03, "any", 0.05, "contradicted"),  # excludes every effect of 5% or more either way
        (-0.02, 0.06, "any", 0.05, "not detected"),
        (0.01, 0.03, "up", 0.05, "supported"),
    ],
)
def test_what_an_interval_allows(low, high, direction, claimed, reading):
    assert power.read((low + high) / 2, low, high, 0.1, direction, claimed).reading == reading


def test_the_smallest_detectable_effect_has_its_power_in_simulation():
    """SYNTHETIC: an estimate with standard error se and true effect equal to the detectable size is significant
    about 80% of the time (t test with the same dof)."""
    rng = np.random.default_rng(8)
    se, dof = 0.03, 108
    effect = power.detectable(se, dof)
    t = (effect + se * rng.standard_t(dof, 20000)) / se
    share = np.mean(np.abs(t) > stats.t.ppf(0.975, dof))
    assert 0.78 <= share <= 0.82, share


def test_adjusted_p_values_agree_with_statsmodels_on_random_sets_with_ties():
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(11)
    for n in (1, 2, 5, 27, 60):
        p = np.round(rng.uniform(0, 1, n) ** 3, 2)  # rounding makes ties
        holm, bh = caar.adjusted_p(p)
        np.testing.assert_allclose(holm, multipletests(p, method="holm")[1], atol=1e-12)
        np.testing.assert_allclose(bh, multipletests(p, method="fdr_bh")[1], atol=1e-12)
