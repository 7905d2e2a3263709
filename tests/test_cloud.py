"""AWS and peers: table building, validation, growth and margin maths, and the seed's $22.1B / +12% claim."""

import json

import pandas as pd
import pytest

from analysis import cli, cloud
from analysis.errors import DataError


def test_committed_tables_equal_a_rebuild_from_facts():
    built = cloud.build_tables()
    for kind in ("usd", "pct"):
        committed = cloud.load_table(kind)
        pd.testing.assert_frame_equal(committed, built[kind].astype(committed.dtypes.to_dict()), check_dtype=False)


def test_every_row_has_source_and_confidence_and_aws_is_complete():
    table = cloud.load_table("usd")
    assert (table["source"].str.len() > 10).all()
    aws = table[(table["series"] == "AWS") & (table["metric"] == "net_sales")]
    assert aws["quarter"].tolist() == cloud.quarters("2019Q1", "2025Q4")
    derived = table[table["note"].str.contains("derived") | (table["confidence"] == "derived")]
    assert set(derived["fact_id"]) >= {"A004", "A009", "A018", "A024"}


def test_conflicts_resolved_as_sources_md_says():
    table = cloud.load_table("usd")
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
    return pd.DataFrame(rows, columns=cloud.COLUMNS["usd"])


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
    assert check["supported"] and check["year_ago_quarter"] == "2022Q2"
    assert check["yoy_growth"] == pytest.approx(22.1 / 19.7 - 1)
    assert not cloud.claim_check(cloud.aws_metrics(), "2023Q2", 22.1, 0.15)["supported"]
    assert not cloud.claim_check(cloud.aws_metrics(), "2023Q2", 25.0, 0.12)["supported"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda t: t.assign(source=[""] + list(t["source"].iloc[1:])), "line 2 (2019Q1 AWS net_sales): missing source"),
        (lambda t: pd.concat([t, t.iloc[[5]]]), "duplicate quarter for this series and metric"),
        (lambda t: t.assign(quarter=["2019-1"] + list(t["quarter"].iloc[1:])), "quarter is not like 2023Q2"),
        (lambda t: t.assign(confidence=["sure"] + list(t["confidence"].iloc[1:])), "unknown confidence"),
        (lambda t: t.assign(value_usd_bn=["n/a"] + list(t["value_usd_bn"].iloc[1:])), "value_usd_bn is not a number"),
        (lambda t: t.drop(columns=["source"]), "missing column(s) source"),
    ],
)
def test_validation_failures(tmp_path, edit, expected):
    path = tmp_path / "bad.csv"
    edit(cloud.load_table("usd")).to_csv(path, index=False)
    with pytest.raises(DataError) as err:
        cloud.load_table("usd", path)
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
    p = cloud.peers()
    assert p.loc["2023Q2", "Microsoft Intelligent Cloud"] == 24 and p.loc["2023Q2", "Google Cloud"] == 8.0


def test_claim_check_reports_each_half():
    check = cloud.claim_check(cloud.aws_metrics(), "2023Q2", 22.1, 0.15)
    assert check["sales_supported"] and not check["growth_supported"] and not check["supported"]
