"""AWS and peers: table building, validation, growth and margin maths, and the seed's $22.1B / +12% claim."""

import json

import pandas as pd
import pytest

from analysis import cli
from analysis.data import cloud_tables, facts
from analysis.data.errors import DataError
from analysis.market import cloud


def test_committed_tables_equal_a_rebuild_from_facts():
    built = cloud_tables.build_tables()
    for kind in ("usd", "pct"):
        committed = cloud_tables.load_table(kind)
        pd.testing.assert_frame_equal(committed, built[kind].astype(committed.dtypes.to_dict()), check_dtype=False)


def test_every_row_has_source_and_confidence_and_aws_is_complete():
    table = cloud_tables.load_table("usd")
    assert (table["source"].str.len() > 10).all()
    aws = table[(table["series"] == "AWS") & (table["metric"] == "net_sales")]
    assert aws["quarter"].tolist() == cloud.quarters("2019Q1", "2025Q4")
    derived = table[table["note"].str.contains("derived") | (table["confidence"] == "derived")]
    assert set(derived["fact_id"]) >= {"A004", "A009", "A018", "A024"}


def test_conflicts_resolved_as_sources_md_says():
    table = cloud_tables.load_table("usd")
    oi = cloud.series(table, "AWS", "operating_income")
    assert oi["2020Q2"] == pytest.approx(3.357)  # SEC-derived, not ZDNet's 3.38
    google = cloud.series(table, "Google Cloud", "operating_income")
    assert google["2022Q2"] == pytest.approx(-0.590)  # the 2023 recast, not the original -0.858


def _hand_table(sales: list[float], income: list[float]) -> pd.DataFrame:
    """A small hand-made table in the committed layout (SYNTHETIC values)."""
    qs = cloud.quarters("2021Q1", "2022Q2")[: len(sales)]
    rows = [
        (q, "AWS", "net_sales", v, "hand", "high", f"X{i}", "") for i, (q, v) in enumerate(zip(qs, sales, strict=True))
    ]
    rows += [
        (q, "AWS", "operating_income", v, "hand", "high", f"Y{i}", "")
        for i, (q, v) in enumerate(zip(qs, income, strict=True))
    ]
    return pd.DataFrame(rows, columns=cloud_tables.COLUMNS["usd"])


def test_growth_margin_ttm_by_hand():
    m = cloud.aws_metrics(_hand_table([10, 11, 12, 13, 15, 16.5], [2, 2, 3, 3, 3, 5.5]))
    assert m.loc["2022Q1", "yoy_growth"] == pytest.approx(15 / 10 - 1)
    assert m.loc["2022Q2", "yoy_growth"] == pytest.approx(16.5 / 11 - 1)
    assert m.loc["2021Q2", "qoq_growth"] == pytest.approx(0.1)
    assert m.loc["2022Q2", "operating_margin"] == pytest.approx(5.5 / 16.5)
    assert m.loc["2022Q1", "ttm_sales_usd_bn"] == pytest.approx(11 + 12 + 13 + 15)
    assert m.loc["2022Q2", "run_rate_usd_bn"] == pytest.approx(66)
    assert pd.isna(m.loc["2021Q4", "yoy_growth"]) and pd.isna(m.loc["2021Q3", "ttm_sales_usd_bn"])


def test_gap_in_series_is_an_error():
    table = _hand_table([10, 11, 12, 13, 15], [2, 2, 3, 3, 3])
    with pytest.raises(DataError, match="AWS net sales missing for 2021Q3"):
        cloud.aws_metrics(table.drop(index=2))


def test_seed_claim_recomputed():
    check = cloud.claim_check(cloud.aws_metrics(), "2023Q2", 22.1, 0.12)
    assert check.supported and check.year_ago_quarter == "2022Q2"
    assert check.yoy_growth == pytest.approx(22.1 / 19.7 - 1)
    assert not cloud.claim_check(cloud.aws_metrics(), "2023Q2", 22.1, 0.15).supported
    assert not cloud.claim_check(cloud.aws_metrics(), "2023Q2", 25.0, 0.12).supported


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.assign(source=[""] + list(t["source"].iloc[1:])), "line 2 (2019Q1 AWS net_sales): missing source"),
        (lambda t: pd.concat([t, t.iloc[[5]]]), "duplicate quarter for this series and metric"),
        (lambda t: t.assign(quarter=["2019-1"] + list(t["quarter"].iloc[1:])), "quarter is not like 2023Q2"),
        (lambda t: t.assign(confidence=["sure"] + list(t["confidence"].iloc[1:])), "unknown confidence"),
        (lambda t: t.assign(value_usd_bn=["n/a"] + list(t["value_usd_bn"].iloc[1:])), "is not a finite number"),
        (lambda t: t.drop(columns=["source"]), "missing column(s) source"),
    ],
)
def test_validation_failures(tmp_path, edit, expected):
    path = tmp_path / "bad.csv"
    edit(cloud_tables.load_table("usd")).to_csv(path, index=False)
    with pytest.raises(DataError) as err:
        cloud_tables.load_table("usd", path)
    assert expected in str(err.value) and "bad.csv" in str(err.value)


def test_cli_aws_json(capsys):
    assert cli.main(["aws", "--format", "json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert len(docs) == 28 and docs[0]["quarter"] == "2019Q1" and docs[-1]["quarter"] == "2025Q4"
    q = {d["quarter"]: d for d in docs}
    assert q["2023Q2"]["net_sales_usd_bn"] == 22.1
    assert q["2023Q2"]["yoy_growth"] == pytest.approx(22.1 / 19.7 - 1)
    assert q["2023Q2"]["operating_margin"] == pytest.approx(5.4 / 22.1)
    assert all(d["source"] for d in docs)
    assert {
        "quarter",
        "net_sales_usd_bn",
        "yoy_growth",
        "operating_income_usd_bn",
        "operating_margin",
        "source",
    } <= set(q["2023Q2"])


def test_shares_and_peers():
    s = cloud.shares()
    assert s.loc["2023Q2", "AWS"] == 33 and s.loc["2023Q2", "Microsoft Azure"] == 18
    p = cloud.peer_rows().set_index(["provider", "quarter"])["revenue_usd_bn"]
    assert p["Microsoft Intelligent Cloud", "2023Q2"] == 24 and p["Google Cloud", "2023Q2"] == 8.0


def test_peers_reconcile_with_the_facts_and_never_mix_the_recast():
    rows = cloud.peer_rows()
    facts_by_id = facts.all_facts().set_index("id")
    usd = cloud_tables.load_table("usd").set_index(["series", "metric", "quarter"])
    for r in rows.itertuples():
        metric = "net_sales" if r.provider == "AWS" else "revenue"
        fact = facts_by_id.loc[usd.loc[(r.provider, metric, r.quarter), "fact_id"]]
        value = float(fact["value"]) / (1000 if fact["unit"] == "USD million" else 1)
        assert r.revenue_usd_bn == pytest.approx(value, abs=1e-6), (r.provider, r.quarter)
    new = rows[rows["provider"] == "Microsoft Intelligent Cloud (FY25 segments)"].set_index("quarter")
    old = rows[rows["provider"] == "Microsoft Intelligent Cloud"].set_index("quarter")
    assert old.index.max() == "2024Q2" and new.index.min() == "2023Q3"
    assert set(new.loc[["2023Q3", "2024Q1", "2024Q2"], "basis"]) == {"recast"}
    assert new.loc["2024Q3", "yoy_growth"] == pytest.approx(24.092 / 20.013 - 1)  # against the recast base
    assert new.loc["2024Q4", "growth_basis"] == "stated by the company"  # no recast 2023Q4 was published
    assert old.loc["2024Q2", "yoy_growth"] == pytest.approx(28.5 / 24.0 - 1)  # old basis only
    google = rows[rows["provider"] == "Google Cloud"].set_index("quarter")
    assert google.loc["2025Q4", "operating_margin"] == pytest.approx(5.3 / 17.7)
    assert rows[rows["provider"].str.startswith("Microsoft")]["operating_income_usd_bn"].isna().all()


def test_shares_to_2025_reconcile_with_the_facts():
    rows = cloud.share_rows()
    last = rows[rows["quarter"] == "2025Q4"].set_index(["publisher", "provider"])["share"]
    assert last["Synergy", "AWS"] == 28 and last["Canalys (revised Aug 2024)", "AWS"] == 32
    assert last["Synergy", "Google Cloud"] == 15  # C246 kept; C247 (14%) named in the note
    note = cloud_tables.load_table("pct").query("fact_id == 'C246'")["note"].iloc[0]
    assert "also given as 14 (C247)" in note
    assert (rows["share"].between(0, 100)).all() and rows["source"].str.len().gt(5).all()


@pytest.mark.parametrize(("command", "fields"), [
    ("peers", {"provider", "quarter", "revenue_usd_bn", "operating_income_usd_bn", "yoy_growth", "basis", "source"}),
    ("shares", {"quarter", "publisher", "provider", "share", "source"}),
])  # fmt: skip
def test_peers_and_shares_json(capsys, command, fields):
    assert cli.main([command, "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(fields <= set(r) for r in rows)
    assert any(r["quarter"] == "2025Q4" for r in rows)
    assert cli.main([command]) == 0 and "2025Q4" in capsys.readouterr().out


def test_claim_check_reports_each_half():
    check = cloud.claim_check(cloud.aws_metrics(), "2023Q2", 22.1, 0.15)
    assert check.sales_supported and not check.growth_supported and not check.supported
