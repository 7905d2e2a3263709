"""``python -m analysis event``: JSON numbers equal the independent calculation; bad input is one line."""

import json

import pytest

from analysis import cli
from tests.helpers import independent


def test_json_matches_independent_calculation(capsys):
    assert cli.main(["event", "TSLA", "AMZN", "--date", "2023-08-15", "--format", "json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert [d["ticker"] for d in docs] == ["TSLA", "AMZN"]
    for doc in docs:
        ref = independent(doc["ticker"], "2023-08-15", "SPY")
        for key in ("alpha", "beta", "sigma", "car", "t_stat", "p_value"):
            assert doc[key] == pytest.approx(ref[key], abs=1e-6), key
        assert doc["benchmark"] == "SPY" and doc["model"] == "market" and doc["n_estimation"] == 110
        assert doc["requested_date"] == "2023-08-15" and doc["day0"] == "2023-08-15"
        assert [d["rel_day"] for d in doc["abnormal_returns"]] == [-1, 0, 1]
        assert [d["ar"] for d in doc["abnormal_returns"]] == pytest.approx(list(ref["ar"]), abs=1e-9)
        assert {"date", "return", "expected", "ar"} <= set(doc["abnormal_returns"][0])


def test_table_output_is_readable(capsys):
    assert cli.main(["event", "TSLA", "--date", "2023-08-13", "--benchmark", "QQQ", "--window", "0", "5"]) == 0
    out = capsys.readouterr().out
    assert "day 0 = 2023-08-14" in out and "against QQQ" in out and "+5 2023-08-21" in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["event", "NVDA", "--date", "2023-08-15"], "no data for ticker NVDA"),
        (["event", "TSLA", "--date", "15/08/2023"], "is not a date"),
        (["event", "TSLA", "--date", "2030-01-02"], "outside the return data"),
        (["event", "TSLA", "--date", "2023-02-01"], "estimation window starts 120 trading days"),
        (["event", "TSLA", "--date", "2025-12-31", "--window", "0", "3"], "event window ends 3 trading days"),
        (["event", "TSLA", "--date", "2023-08-15", "--window", "2", "-2"], "reversed"),
        (["event", "TSLA", "--date", "2023-08-15", "--estimation", "-120", "-1"], "overlaps the event window"),
        (["event", "QQQ", "--date", "2023-08-15", "--benchmark", "QQQ"], "also the benchmark"),
        (["event", "TSLA", "--date", "2023-08-15", "--model", "capm"], "invalid choice: 'capm'"),
        (["event", "TSLA", "--date", "2023-08-15", "--window", "x", "1"], "invalid int value: 'x'"),
        (["event", "TSLA"], "the following arguments are required: --date"),
    ],
)
def test_bad_input_is_one_line(capsys, argv, expected):
    try:
        code = cli.main(argv)
    except SystemExit as stop:  # argparse usage errors exit from the parser
        code = stop.code
    err = capsys.readouterr().err
    assert code == 2
    assert expected in err and len(err.strip().splitlines()) == 1, err
