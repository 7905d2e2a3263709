"""Sentences follow the numbers they are given (SYNTHETIC inputs, so every branch is reached)."""

import pandas as pd

from analysis import cloud, narrative, timeline


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
    assert narrative.aws.aws_lead(rows, "2020Q1") == "No share series covers both quarters."


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
    assert timeline.day0_label(timed, pd.Timestamp("2023-08-17"), "TSLA") == "2023-08-17"
    news = timeline.news_in_window(timed, pd.DatetimeIndex([day0, pd.Timestamp("2023-08-16")]), ["TSLA"])
    assert len(news) == 2 and "&lt;b&gt;" in news[0] and news[1].endswith("results")
