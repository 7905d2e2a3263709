"""Market sizing: triangulation, bottom-up sums, projection, the RMB conversion and the Tesla scenario."""

import json
import math

import pandas as pd
import pytest

from analysis import cli, narrative
from analysis.data import facts, market_tables, paths
from analysis.data.errors import DataError, UserError
from analysis.market import scenario, sizing


def test_estimates_take_values_from_facts():
    table = market_tables.estimates()
    fact_values = facts.facts().set_index("id")["value"].astype(str)
    for row in table.itertuples():
        assert row.value_usd_bn == float(fact_values[row.fact_id])
    assert table["source"].str.len().min() > 10
    assert table[(table["year"] == 2023) & table["comparable"]]["publisher"].nunique() >= 4


def test_first_published_and_revised_are_not_mixed():
    table = market_tables.estimates()
    gartner_2023 = table[
        (table["publisher"] == "Gartner") & (table["year"] == 2023) & table["scope"].str.startswith("data-center")
    ]
    assert sorted(gartner_2023["fact_id"]) == ["D003", "D010"]
    assert gartner_2023.set_index("fact_id")["comparable"].to_dict() == {"D003": False, "D010": True}


def test_triangulation_by_hand():
    result = sizing.triangulate(market_tables.estimates(), 2023, 250)
    values = sorted([222, 236.098, 260, 270, 324])  # the comparable 2023 rows of data/market/estimates.csv
    assert [result.low_usd_bn, result.high_usd_bn] == [values[0], values[-1]] and result.n == len(values)
    assert result.median_usd_bn == pytest.approx(values[2])
    assert sorted(result.near["value_usd_bn"]) == [236.098, 260, 270]
    assert not result.rows.duplicated(["publisher", "year"]).any()  # one estimate per publisher and year
    assert result.claim_inside and "within the range" in narrative.market.verdict(result)


def test_triangulation_claim_outside_range():
    result = sizing.triangulate(market_tables.estimates(), 2023, 1000)
    assert not result.claim_inside and "outside the range" in narrative.market.verdict(result) and len(result.near) == 0


def test_triangulation_needs_two_publishers():
    table = market_tables.estimates()
    with pytest.raises(UserError, match="fewer than two comparable estimates for 2019"):
        sizing.triangulate(table, 2019)


def test_bottom_up_sums_quarters():
    bu = sizing.bottom_up(2023, "2023Q2")
    assert bu.year_usd_bn == pytest.approx(63.7 + 64.8 + 68.1 + 73.7)
    assert bu.ttm_usd_bn == pytest.approx(57.5 + 61.6 + 63.7 + 64.8)
    assert bu.annualised_usd_bn == pytest.approx(64.8 * 4)
    split = bu.split_usd_bn
    assert split.loc["2023Q2", "AWS"] == pytest.approx(64.8 * 0.32)
    pd.testing.assert_series_equal(split.sum(axis=1), bu.quarters, check_names=False)
    later = sizing.bottom_up(2024, "2024Q2")  # the build follows the year and quarter asked for
    assert later.quarters.index.tolist() == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"] and later.quarter == "2024Q2"
    with pytest.raises(UserError, match="do not cover 2019"):
        sizing.bottom_up(2019, "2019Q2")


def test_projection_compounds_and_reproduces_a_published_endpoint():
    proj = sizing.project(100, 2023, {"a": 0.1, "b": 0.0}, 2026)
    assert proj.loc[2026, "a"] == pytest.approx(133.1) and proj.loc[2026, "b"] == 100
    whiteshield = sizing.project(324, 2023, {"w": 0.058}, 2028).loc[2028, "w"]
    assert whiteshield == pytest.approx(436, rel=0.02)  # D022, with the stated rate rounded to 0.1%


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((-5, 2023, {"a": 0.05}), "base value must be positive"),
        ((100, 2023, {"a": 5.8}), "is not a plausible annual rate"),
        ((100, 2023, {"a": 0.05}, 2020), "must be after the base year"),
    ],
)
def test_projection_rejects_nonsense(args, expected):
    with pytest.raises(UserError, match=expected):
        sizing.project(*args)


def test_rmb_conversion():
    conv = sizing.rmb_conversion().set_index("id")
    assert conv.loc["F001", "rmb_trillion"] == pytest.approx(250 * 7.1768 / 1000)
    assert not conv.loc["F001", "rounds_to_claim"]  # the PBOC fixing gives 1.79
    assert conv.loc["F005", "rounds_to_claim"]  # the onshore close of 2023-08-17 gives 1.82
    assert "7.28 CNY per USD" in narrative.market.conversion_verdict(sizing.rmb_conversion())


def _params():
    return market_tables.tesla_assumptions()["value"].to_dict()


def test_tesla_need_by_hand():
    p = _params()
    need = scenario.tesla_need(p)
    assert need["Dojo training compute"] == pytest.approx(1.0 / 1.5)
    assert need["GPU training cluster"] == pytest.approx(5760 * 40000 / 4 / 1e9)
    assert need["fleet data storage and processing"] == pytest.approx(5e6 * 0.1 * 250 / 1e9)
    assert market_tables.tesla_assumptions().loc["capex_2023_usd_bn", "source"].startswith("E019")


def test_tornado_moves_one_assumption_at_a_time():
    a = market_tables.tesla_assumptions()
    spread = scenario.tornado(a, _params(), 250)
    row = spread.set_index("assumption").loc["dojo_spend_usd_bn"]
    base = scenario.tesla_need(_params()).sum()
    assert row["high_share"] == pytest.approx((base - 1 / 1.5 + 2 / 1.5) / 250)
    assert (spread["swing"].diff().dropna() >= 0).all()


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"gpu_count": -1}, "gpu_count must not be negative"),
        ({"dojo_years": 0}, "dojo_years must be positive"),
        ({"usd_per_tb_year": math.nan}, "must be a finite number"),
        ({"fleet_vehicles": "lots"}, "must be a finite number"),
        ({"gpu_life_years": 50}, "at most 20"),
        ({"warp_drive": 1}, "unknown Tesla assumption 'warp_drive'"),
    ],
)
def test_tesla_parameters_validated(change, expected):
    with pytest.raises(UserError, match=expected):
        scenario.tesla_need(_params() | change)


def test_missing_tesla_parameter():
    p = _params()
    del p["fleet_vehicles"]
    with pytest.raises(UserError, match="missing: fleet_vehicles"):
        scenario.tesla_need(p)


def test_selection_table_with_unknown_fact_is_rejected(tmp_path):
    bad = tmp_path / "estimates.csv"
    text = (paths.market("estimates.csv")).read_text().replace("D010,", "Z999,", 1)
    bad.write_text(text)
    with pytest.raises(DataError, match=r"fact id Z999 is not in the fact tables"):
        market_tables.estimates(bad)


def test_cli_size_json(capsys):
    assert cli.main(["size", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["claim_usd_bn"] == 250 and doc["range_usd_bn"] == [222.0, 324.0]
    assert doc["median_usd_bn"] == pytest.approx(260)
    assert doc["verdict"].startswith("The $250B claim is within the range")
    publishers = {e["publisher"] for e in doc["estimates"] if e["year"] == 2023 and e["comparable"]}
    assert len(publishers) >= 4
    assert all({"publisher", "metric", "scope", "year", "value_usd_bn", "source"} <= set(e) for e in doc["estimates"])


def test_hindsight_values_and_projection_errors_by_hand():
    hind = market_tables.hindsight()
    values = facts.all_facts().set_index("id")["value"]
    for row in hind.itertuples():
        assert row.value_usd_bn == float(values[row.fact_id])
    gartner_2024 = hind[(hind["publisher"] == "Gartner") & (hind["year"] == 2024)]
    assert (gartner_2024["projection_2023_usd_bn"] == float(values["D005"])).all()
    assert gartner_2024["projection_error"].tolist() == pytest.approx(
        [float(values[i]) / float(values["D005"]) - 1 for i in gartner_2024["fact_id"]]
    )
    dello = hind[(hind["publisher"] == "Dell'Oro") & (hind["year"] == 2024)].iloc[0]
    assert dello["projection_2023_usd_bn"] == pytest.approx(260 * 1.11)  # D014 grown by the D015 forecast
    assert hind[hind["year"] == 2025]["projection_2023_usd_bn"].isna().all()


def test_hindsight_latest_prefers_confident_rows_and_verdict_follows_the_numbers():
    hind = market_tables.hindsight()
    latest = sizing.latest(hind, 2024).set_index("publisher")["value_usd_bn"]
    assert latest["Gartner"] == 329.132  # the Jan 2025 estimate, not the low-confidence aggregator's 333.4
    text = narrative.market.hindsight_verdict(hind)
    now = sizing.latest(hind, 2025)
    measured = now[now["basis"] != "derived"]["value_usd_bn"]
    assert f"{measured.min() / 250:.1f}× to {measured.max() / 250:.1f}×" in text
    assert "derived, not measured: Dell'Oro data-center capex $714B" in text  # named, kept out of the range
    assert "(Jan 2025 estimate, +38.4%)" in text  # the Gartner 2024 outcome the table marks as used
    assert "fell short" in text and "understated the market" in text
    assert "fair snapshot" in text
    assert "overstated it" in narrative.market.hindsight_verdict(hind, claim=1000.0)


def test_cli_size_json_has_hindsight(capsys):
    assert cli.main(["size", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)["hindsight"]
    fields = {"year", "publisher", "scope", "value_usd_bn", "basis", "vintage", "source", "projection_2023_usd_bn"}
    assert all(fields <= set(r) for r in rows) and {r["year"] for r in rows} == {2023, 2024, 2025}
    assert any(r["projection_2023_usd_bn"] is None for r in rows)


@pytest.mark.parametrize("value", ["-5", "inf", "0"])
def test_impossible_market_size_in_the_facts_is_refused(tmp_path, monkeypatch, value):
    from analysis.data import paths

    bad = tmp_path / "facts.csv"
    table = pd.read_csv(paths.FACTS_CSV, dtype=str, keep_default_na=False)
    table.loc[table["id"] == "D010", "value"] = value
    table.to_csv(bad, index=False)
    monkeypatch.setattr(paths, "FACTS_CSV", bad)
    with pytest.raises(DataError, match="fact D010 has no single positive finite value"):
        market_tables.estimates()


def test_a_quarter_that_does_not_exist_is_refused(tmp_path):
    from analysis.data import paths

    bad = tmp_path / "facts.csv"
    bad.write_text(paths.FACTS_CSV.read_text().replace(",2019Q1,", ",2019Q9,", 1))
    with pytest.raises(DataError, match=r"facts\.csv line \d+: period '2019Q9' is not a quarter"):
        facts.facts(bad)


ROW = ",2023,actual,Jul 2024,yes,"


@pytest.mark.parametrize(
    ("new", "expected"),
    [(",2O23,actual,Jul 2024,yes,", "year is not a year"), (",2023,actual,Jul 2024,Yes,", "comparable must be yes")],
)
def test_selection_tables_are_typed(tmp_path, new, expected):
    bad = tmp_path / "estimates.csv"
    bad.write_text(paths.market("estimates.csv").read_text().replace(ROW, new, 1))
    with pytest.raises(DataError, match=f"estimates.csv line 2: {expected}"):
        market_tables.estimates(bad)


def test_event_kinds_and_tickers_are_checked(tmp_path):
    bad = tmp_path / "events.csv"
    bad.write_text(paths.EVENTS_CSV.read_text().replace(",TSLA,announcement,", ",TSLA,rumour,", 1))
    with pytest.raises(DataError, match=r"events\.csv line 2: kind 'rumour' is not one of"):
        facts.events(bad)


@pytest.mark.parametrize("factor", [0.1, 1.0, 4.0, 1000.0])
def test_the_verdict_follows_from_its_numbers_for_any_claim(factor):
    """A sweep of claims (0.1x, 1x, 4x and 1000x the seeds' figure): the verdict never calls a claim outside the range
    fair, never lists an empty set of matches, and names only the scopes that match."""
    t = sizing.triangulate(market_tables.estimates(), 2023, 250.0 * factor)
    text = narrative.market.verdict(t)
    assert "()" not in text
    assert ("outside the range" in text) == (not t.claim_inside)
    assert ("fair order of magnitude" in text) == (t.claim_inside and not t.near.empty)
    if not t.near.empty:
        assert all(scope in text for scope in t.near["scope"])
