"""Every notebook's parameters checked in plain words: each documented value passes, each other value is one line
naming the parameter, before a kernel starts."""

import pandas as pd
import pytest

from analysis import cli
from analysis.data.errors import UserError
from analysis.market import sizing
from analysis.narrative import aws, market
from analysis.pages import checks
from analysis.report import execute, parameters


def defaults(stem: str) -> dict:
    path = next(p for p in execute.notebooks() if p.stem == stem)
    return parameters.notebook_defaults(path)


@pytest.mark.parametrize("stem", list(checks.PAGES))
def test_every_notebooks_defaults_pass(stem):
    checks.check(stem, defaults(stem))


@pytest.mark.parametrize(
    ("stem", "values"),
    [
        ("02_aws_quarter", {"quarter": "2020Q1"}),  # the first documented quarter, before the share data
        ("02_aws_quarter", {"quarter": "2025Q4"}),
        ("01_market_size", {"projection_rates": {"base": "D026"}}),  # one rate
        ("01_market_size", {"projection_rates": {"b": "D035", "a": "D023"}}),  # any order
        ("03_announcement_event_study", {"peers": [], "robust_dates": ["2023-08-14", "2023-08-15"]}),
        ("04_compute_story", {"incumbents": [], "start": "2025-11-01", "kinds": ["company"]}),
        ("04_compute_story", {"drop": []}),
    ],
)
def test_documented_values_pass(stem, values):
    checks.check(stem, {**defaults(stem), **values})


@pytest.mark.parametrize(
    ("stem", "values", "expected"),
    [
        ("00_data_overview", {"tickers": []}, "parameter tickers is empty"),
        ("00_data_overview", {"tickers": ["tsla"]}, "parameter tickers: write 'tsla' as the price files name it"),
        ("00_data_overview", {"tickers": ["TSLA", "TSLA"]}, "parameter tickers lists TSLA twice"),
        ("00_data_overview", {"benchmarks": ["NVDA"]}, "parameter benchmarks: no bundled prices for NVDA"),
        ("00_data_overview", {"anchor_date": "15/08/2023"}, "parameter anchor_date '15/08/2023' is not a date"),
        ("01_market_size", {"projection_rates": {}}, "parameter projection_rates takes a mapping"),
        ("01_market_size", {"projection_rates": {"x": "E001"}}, "projection_rates['x'] = \"E001\" is not a growth"),
        ("01_market_size", {"usd_per_gpu_installed": 1e308}, "usd_per_gpu_installed takes USD per GPU above 0"),
        ("01_market_size", {"gpu_count": 0}, "parameter gpu_count takes GPUs above 0"),
        ("01_market_size", {"claim_usd_bn": -5}, "parameter claim_usd_bn takes USD billion above 0"),
        ("01_market_size", {"projection_to": 2023}, "projection_to takes a year after 2023"),
        ("00_data_overview", {"anchor_date": "2022-01-03"}, "anchor_date 2022-01-03 is outside the price data of TSLA"),
        ("02_aws_quarter", {"results_date": "2019-01-02"}, "results_date 2019-01-02 is outside the price data of AMZN"),
        ("03_announcement_event_study", {"contrast_date": "2030-01-02"}, "contrast_date 2030-01-02 is outside"),
        ("03_announcement_event_study", {"robust_dates": ["2030-01-02"]}, "robust_dates[0] 2030-01-02 is outside"),
        ("02_aws_quarter", {"quarter": "2019Q4"}, "quarter takes a quarter like \"2023Q2\" from 2020Q1 to 2025Q4"),
        ("02_aws_quarter", {"quarter": "2023-Q2"}, "got \"2023-Q2\""),
        ("02_aws_quarter", {"claimed_yoy_growth": -1}, "claimed_yoy_growth takes a fraction above -1"),
        ("02_aws_quarter", {"benchmark": "AMZN"}, "parameter benchmark lists AMZN, which this page already uses"),
        ("03_announcement_event_study", {"tickers": ["TSLA"]}, "parameter tickers takes two tickers"),
        ("03_announcement_event_study", {"peers": ["TSLA"]}, "parameter peers lists TSLA"),
        ("03_announcement_event_study", {"robust_windows": []}, "robust_windows takes a non-empty list of windows"),
        ("03_announcement_event_study", {"window": [-20, 1]}, "parameter window starts on day -20, inside the"),
        ("03_announcement_event_study", {"model": "fama-french"}, "parameter model takes one of market"),
        ("03_announcement_event_study", {"estimation": [-40, -30]}, "parameter estimation spans 11 trading days"),
        ("03_announcement_event_study", {"plot_days": [5, -5]}, "parameter plot_days takes two trading-day offsets"),
        ("04_compute_story", {"windows": [[0]]}, "parameter windows[0] takes two trading-day offsets"),
        ("04_compute_story", {"windows": []}, "parameter windows takes a non-empty list"),
        ("04_compute_story", {"bhar_benchmarks": []}, "bhar_benchmarks is empty; give at least one bundled ticker, "
         "e.g. [\"SPY\"]"),
        ("04_compute_story", {"kinds": ["earnings"]}, "parameter kinds takes one or more of announcement"),
        ("04_compute_story", {"start": "2025-12-31", "end": "2025-01-01"}, "start 2025-12-31 and end 2025-01-01 are"),
        ("04_compute_story", {"start": "2025-11-20"}, "hold one milestone of TSLA once drop is applied; a CAAR needs"),
        ("04_compute_story", {"drop": ["2023-8-15"]}, "parameter drop '2023-8-15': write the date as YYYY-MM-DD"),
        ("04_compute_story", {"incumbents": ["AMZN", "AMZN"]}, "parameter incumbents lists AMZN twice"),
    ],
)
def test_other_values_are_one_plain_line(stem, values, expected):
    with pytest.raises(UserError) as caught:
        checks.check(stem, {**defaults(stem), **values})
    message = str(caught.value)
    assert expected in message and "\n" not in message, message


def test_the_report_checks_before_any_kernel_starts(capsys, tmp_path, monkeypatch):
    def no_kernel(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(execute, "for_report", no_kernel)
    code = cli.main(["report", "--notebook", "04", "-p", "windows=[[0]]", "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: parameter windows[0] takes two") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_a_quarter_before_the_share_data_says_where_they_start():
    canalys = pd.DataFrame({"AWS": [32.0]}, index=["2022Q1"])
    synergy = pd.DataFrame({"AWS": [33.0], "Microsoft Azure": [21.0], "Google Cloud": [10.0]}, index=["2022Q1"])
    market_total = pd.Series([50.0], index=["2021Q4"])
    text = aws.shares_in_quarter(canalys, synergy, market_total, "2020Q1")
    assert "do not cover 2020Q1" in text and "Canalys's in 2022Q1" in text and "the market total's in 2021Q4" in text
    assert "In 2022Q1 AWS held 32%" in aws.shares_in_quarter(canalys, synergy, pd.Series([50.0], ["2022Q1"]), "2022Q1")


def test_one_projection_scenario_reads_as_one():
    fan = pd.DataFrame({"base: X 6.7% (scope)": [300.0, 409.0]}, index=[2029, 2030])
    check = sizing.RateCheck(publisher="P", start=2023, end=2030, base_usd_bn=324, cagr=0.058, published_usd_bn=436)
    text = market.projection(fan, 2030, check)
    assert "the one scenario (base: X 6.7% (scope)) gives $409B" in text and "low to high" not in text
    assert market.span(pd.Series([277.0])) == "$277B" and market.span(pd.Series([277.0, 300.0])) == "$277B to $300B"
