"""Sentences follow the numbers they are given (SYNTHETIC inputs, so every branch is reached)."""

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis import fmt, narrative
from analysis.market import cloud, timeline
from analysis.methods.eventstudy import EventResult
from analysis.methods.spec import Spec


def _growth(values: list[float], first: str = "2023Q1") -> pd.Series:
    start = pd.Period(first, freq="Q")
    return pd.Series(values, index=[str(start + i) for i in range(len(values))])


def test_aws_after_finds_the_low_the_recovery_and_the_first_quarter_above():
    growth = _growth([0.15, 0.12, 0.10, 0.11, 0.13, 0.16])
    text = narrative.aws.aws_after(growth, "2023Q2")
    assert "bottomed at +10.0% in 2023Q3" in text and "re-accelerated to +16.0% by 2024Q2" in text
    assert "rising in 3 of the 3 quarters after the low" in text and "again in 2024Q1" in text
    assert "the last quarter in the data" in narrative.aws.aws_after(_growth([0.2, 0.1]), "2023Q1")


def test_aws_claim_and_headline_follow_the_check():
    check = cloud.ClaimCheck("2023Q2", 22.1, 0.12, 22.14, "2022Q2", 19.7, 0.1238, "src")
    growth = _growth([0.15, 0.1238, 0.13])
    assert "**Verdict: supported**" in narrative.aws.aws_claim(check, growth)
    assert "the trough" in narrative.aws.aws_claim(check, growth) and "re-accelerated" in narrative.aws.aws_claim(
        check, growth
    )
    wrong = cloud.ClaimCheck("2023Q2", 25.0, 0.12, 22.14, "2022Q2", 19.7, 0.1238, "src")
    assert "not supported" in narrative.aws.aws_headline(wrong) and "$22.14B" in narrative.aws.aws_headline(wrong)


def test_aws_lead_says_kept_or_lost_and_the_margin():
    rows = pd.DataFrame(
        {
            "publisher": ["P"] * 4,
            "quarter": ["2023Q2", "2023Q2", "2025Q4", "2025Q4"],
            "provider": ["AWS", "Azure", "AWS", "Azure"],
            "share": [32.0, 22.0, 28.0, 30.0],
        }
    )
    text = narrative.aws.aws_lead(rows, "2023Q2")
    assert "+10 points on Azure" in text and "lost the lead to Azure" in text and "narrowing" in text
    assert narrative.aws.aws_lead(rows, "2020Q1") == (
        "Did AWS keep its lead? No share series covers 2020Q1 (the bundled shares start in 2023Q2)."
    )


def test_window_news_sentence_with_and_without_news():
    days = pd.DatetimeIndex(["2023-08-14", "2023-08-15", "2023-08-16"])
    assert "No confounding news" in narrative.event.window_news_sentence([], days)
    text = narrative.event.window_news_sentence(["2023-08-15 TSLA: price cut"], days)
    assert "2023-08-14 to 2023-08-16" in text and "price cut" in text


def test_day0_label_and_news_in_window_skip_or_keep_confounders():
    timed = pd.DataFrame(
        {
            "day0": pd.to_datetime(["2023-08-15", "2023-08-15", "2023-08-16"]),
            "ticker": ["TSLA", "TSLA", "TSLA"],
            "kind": ["confounder", "announcement", "earnings"],
            "event": ["a <b>confounder</b>", "the posting", "results"],
            "earnings": [None, None, None],
        }
    )
    day0 = pd.Timestamp("2023-08-15")
    assert timeline.day0_label(timed, day0, "TSLA") == "the posting"
    assert timeline.day0_label(timed, pd.Timestamp("2023-08-17"), "TSLA") == ""  # no news: no name
    news = timeline.news_in_window(timed, pd.DatetimeIndex([day0, pd.Timestamp("2023-08-16")]), ["TSLA"])
    items = narrative.event.news_items(news)
    assert len(items) == 2 and "&lt;b&gt;" in items[0] and items[1].endswith("results")


def test_overview_lines_count_the_ledger_and_skip_tickers_not_shown():
    ledger = pd.DataFrame({"verdict": ["supported", "supported", "contradicted"]})
    assert narrative.overview.claims_intro(ledger) == "**3 claims:** 2 supported, 1 contradicted."
    assert narrative.overview.claims_headline(ledger).endswith("3 checked: 2 supported, 1 contradicted.")
    table = pd.DataFrame(
        {
            "anchor_close": [100.0],
            "last_close": [150.0],
            "return": [0.5],
            "max_drawdown": [-0.2],
            "excess_vs_SPY": [0.1],
        },
        index=["TSLA"],
    )
    days = pd.DatetimeIndex(["2024-01-02", "2024-01-03", "2024-01-04"])
    text = narrative.overview.since_anchor(table, days, ["TSLA", "AMZN"], ["SPY"])
    assert "(2 trading days)" in text and "**TSLA** went from 100.00 to 150.00 (+50.0%)" in text and "AMZN" not in text
    assert narrative.overview.since_anchor(table, days, ["AMZN"], ["SPY"]).endswith("none of the tickers shown.")


def test_aws_quarter_margin_and_shares_sentences():
    quarters = [f"{y}Q{q}" for y in (2022, 2023) for q in (1, 2, 3, 4)]
    sales = [18.4, 19.7, 20.5, 21.4, 21.4, 22.1, 23.1, 24.2]
    metrics = pd.DataFrame({"net_sales_usd_bn": sales}, index=quarters)
    metrics["yoy_growth"] = metrics["net_sales_usd_bn"].pct_change(4)
    metrics["qoq_growth"] = metrics["net_sales_usd_bn"].pct_change()
    metrics["operating_margin"] = [0.35, 0.29, 0.27, 0.24, 0.24, 0.244, 0.30, 0.30]
    metrics["operating_income_usd_bn"] = metrics["net_sales_usd_bn"] * metrics["operating_margin"]
    metrics["ttm_sales_usd_bn"] = metrics["net_sales_usd_bn"].rolling(4).sum()
    metrics["run_rate_usd_bn"] = metrics["net_sales_usd_bn"] * 4
    text = narrative.aws.quarter_in_series(metrics, "2023Q2")
    assert "sold **$22.1B**, +12.2% over 2022Q2" in text and "Growth for 2022 is blank: the 2021 quarters" in text
    margin = narrative.aws.margin(metrics, "2023Q2")
    assert "**24.4%**" in margin and "against 29.0% a year earlier" in margin and "highest 35.0% (2022Q1)" in margin
    shares = pd.DataFrame({"AWS": [32.0], "Microsoft Azure": [22.0], "Google Cloud": [11.0]}, index=["2023Q2"])
    line = narrative.aws.shares_in_quarter(shares, shares, pd.Series({"2023Q2": 64.8}), "2023Q2")
    assert "less than Microsoft and Google together by Synergy's count (33%)" in line and "$64.8B" in line


def _result(**fields) -> EventResult:
    """An EventResult with made-up numbers (SYNTHETIC), ``fields`` overriding them."""
    base = dict(
        ticker="TSLA", benchmark="SPY", model="constant-mean", requested_date="2023-08-13", day0="2023-08-15",
        estimation_start=-120, estimation_end=-11, window_start=-1, window_end=1, alpha=0.0, beta=0.0, sigma=0.03,
        n_estimation=110, car=-0.042, car_se=0.046, t_stat=-0.92, p_value=0.36, dof=109, ci_low=-0.13, ci_high=0.05,
        abnormal_volume_z=-0.5, volume_ratio=0.74,
    )  # fmt: skip
    return EventResult(**(base | fields))


def test_event_sentences_follow_the_rows():
    r = _result()
    page = SimpleNamespace(
        main=SimpleNamespace(results=[r]), spec=Spec("constant-mean", (-120, -11), (-1, 1)), requested="2023-08-13",
        label="a <b>posting</b>", benchmark="SPY",
    )  # fmt: skip
    setup = narrative.event.setup(page)
    assert "day 0 is **2023-08-15**" in setup and "no benchmark" in setup and "&lt;b&gt;" in setup
    assert narrative.event.verdicts([r], volume=True) == (
        "- TSLA: CAR -4.2% over days -1..+1 around 2023-08-15 (95% interval -13.0% to +5.0%; t = -0.92, p = 0.360): "
        "not detected: the interval holds zero and moves up to 13.0%; the smallest CAR this test finds with 80% power "
        f"is about {fmt.pct(r.reading().detectable, 1, signed=False)}; volume 0.7× its estimation-window average."
    )
    found = _result(car=0.09, ci_low=0.01, ci_high=0.17, t_stat=2.3, p_value=0.02)
    assert "a reaction: the 95% interval lies above zero" in narrative.event.verdict(found)
    grid = pd.DataFrame(
        {
            "ticker": ["TSLA", "TSLA"], "p_value": [0.01, 0.5], "car": [0.05, -0.01], "requested_date": ["d1", "d2"],
            "window": ["0..0", "-1..+1"], "model": ["market", "market"], "benchmark": ["QQQ", "SPY"],
        }
    )  # fmt: skip
    text = narrative.event.robustness(SimpleNamespace(grid=grid, tickers=["TSLA"], dates=["d1", "d2"]))
    assert "1 of 2 specifications significant at 5%" in text and "(d1, window 0..0, market model, against QQQ)" in text
    around = pd.DataFrame(
        {"TSLA": [100.0, 97.0, 94.1]}, index=pd.to_datetime(["2023-08-14", "2023-08-15", "2023-08-16"])
    )
    move = narrative.event.price_move(
        SimpleNamespace(around=around, day0=pd.Timestamp("2023-08-15"), spec=Spec(window=(-1, 1)))
    )
    assert move == "From the close of day -1 to the close of day +1: TSLA -5.9%."


def test_projection_sentence_and_rate_check():
    from analysis.market import sizing

    check = sizing.rate_check("D021", "D023", "D022")  # Whiteshield: $324B (2023), 5.8% a year, $436B (2028)
    assert check.grown_usd_bn == pytest.approx(324 * 1.058**5)
    assert check.implied_cagr == pytest.approx((436 / 324) ** (1 / 5) - 1)
    fan = pd.DataFrame({"low": [300.0], "high": [600.0]}, index=[2030])
    text = narrative.market.projection(fan, 2030, check)
    assert "give $300B, $600B (low to high)" in text and "imply 6.1% a year" in text


def test_names_from_the_data_never_become_live_links_in_page_02_sentences():
    """Page 01's scopes and conversion are covered by the report's hostile-data test."""
    from tests.helpers import LINK

    shares = pd.DataFrame(
        {
            "publisher": ["Synergy"] * 4,
            "quarter": ["2023Q2", "2023Q2", "2025Q4", "2025Q4"],
            "provider": ["AWS", LINK, "AWS", LINK],
            "share": [32.0, 22.0, 28.0, 21.0],
        }
    )
    text = narrative.aws.aws_lead(shares, "2023Q2")
    assert not re.search(r"(?<!\\)\]\(javascript", text) and "\\[click me\\]" in text  # escaped: shown, never a link
