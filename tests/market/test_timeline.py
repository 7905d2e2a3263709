"""Event timing rule, milestones and confounders, buy-and-hold abnormal returns and the power formula, each against
an independent calculation; notebook 04's sentences follow its numbers."""


import numpy as np
import pandas as pd
import pytest
from scipy import stats

from analysis import fmt, narrative
from analysis.data import facts, prices
from analysis.data.errors import UserError
from analysis.market import timeline
from analysis.methods import caar, performance
from analysis.pages import compute
from tests.helpers import hand_total_returns


def test_milestones_merge_same_day_and_flag_confounders():
    ms = timeline.milestones(drop=("2023-08-15",))
    assert ms["day0"].is_unique and ms["day0"].is_monotonic_increasing
    july = ms[ms["day0"] == pd.Timestamp("2024-07-24")].iloc[0]
    assert " / " in july["event"] and july["earnings"] == "2024Q2" and july["confounded"]
    china = ms[ms["day0"] == pd.Timestamp("2024-04-29")].iloc[0]
    assert china["confounded"] and "Beijing" in china["confounders"] and not isinstance(china["earnings"], str)
    hochul = ms[ms["day0"] == pd.Timestamp("2024-01-26")].iloc[0]  # clean on day 0, not over -1..+1
    assert hochul["confounded"] and "Tesla Q4 2023 results (day -1)" in hochul["confounders"]
    assert hochul["url"].startswith("https://")
    zero = timeline.milestones(drop=("2023-08-15",), window=(0, 0))
    assert not zero.set_index("day0").loc[pd.Timestamp("2024-01-26"), "confounded"]
    assert pd.Timestamp("2023-08-15") not in set(ms["day0"])
    only_2024 = timeline.milestones(start="2024-01-01", end="2024-12-31")
    assert only_2024["day0"].dt.year.eq(2024).all() and len(only_2024) < len(ms)


@pytest.mark.parametrize("window", [(0, 0), (0, 1), (-1, 1), (-5, 5)])
def test_a_window_that_holds_a_confounder_or_another_milestone_is_never_clean(window):
    """Checked against the calendar by brute force: every clean milestone's window holds no results, no confounder
    and no other milestone's window day; every confounded one holds at least one of them."""
    from analysis.data import sessions

    ms = timeline.milestones(drop=("2023-08-15",), window=window)
    table = timeline.timed()
    tsla = table[table["ticker"] == "TSLA"]
    news = tsla[(tsla["kind"] == "confounder") | tsla["earnings"].map(lambda q: isinstance(q, str))]
    days = sessions.sessions(pd.Timestamp("2023-01-03"), pd.Timestamp("2026-03-31"))

    def span(day):
        p = days.get_loc(day)
        return set(days[p + window[0] : p + window[1] + 1])

    for row in ms.itertuples():
        mine = span(row.day0)
        others = [span(d) for d in ms["day0"] if d != row.day0]
        held = bool(mine & set(news["day0"])) or any(mine & o for o in others)
        assert row.confounded == held, (row.day0, row.confounders)


def test_milestone_bad_input_is_a_user_error():
    with pytest.raises(UserError, match=r"event kind\(s\) rumour not in events\.csv"):
        timeline.milestones(kinds=("rumour",))
    with pytest.raises(UserError, match="no TSLA events"):
        timeline.milestones(start="2030-01-01")


def test_earnings_figures_come_from_the_facts():
    rows = timeline.earnings_figures("2024Q1", facts.all_facts())
    assert set(rows["id"]) >= {"E107", "E108", "E109"}


def test_bhar_equals_compounded_total_returns_by_hand():
    levels = prices.total_return_index(["TSLA", "QQQ"])
    start, end = pd.Timestamp("2024-01-26"), pd.Timestamp("2024-04-23")
    rets = hand_total_returns(("TSLA", "QQQ")).loc[start:end]
    expected = np.prod(1 + rets["TSLA"]) - np.prod(1 + rets["QQQ"])
    assert performance.bhar(levels, "TSLA", "QQQ", start, end) == pytest.approx(expected, abs=1e-12)


def test_holding_periods_tile_the_data_to_the_end():
    levels = prices.total_return_index(["TSLA", "SPY"])
    days = [pd.Timestamp(d) for d in ("2023-08-14", "2024-01-26", "2025-07-28")]
    table = performance.between_milestones(levels, days, "TSLA", ("SPY",))
    assert table["start"].tolist() == days and table["end"].iloc[-1] == levels.index[-1]
    nxt = [levels.index[levels.index.get_loc(d) - 1] for d in days[1:]]
    assert table["end"].iloc[:-1].tolist() == nxt
    growth = np.prod(1 + table["return"])  # the periods chain into the whole span
    whole = levels["TSLA"].iloc[-1] / levels["TSLA"].iloc[levels.index.get_loc(days[0]) - 1]
    assert growth == pytest.approx(whole, rel=1e-12)


def test_detectable_caar_has_the_stated_power_in_simulation():
    """SYNTHETIC: CARs drawn around the detectable CAAR are found by the t test about 80% of the time."""
    rng = np.random.default_rng(4)
    n, sd = 14, 0.05
    observed = rng.normal(0, 1, n)
    observed = (observed - observed.mean()) / observed.std(ddof=1) * sd  # sample sd exactly sd
    mde = caar.detectable_caar(observed)
    samples = rng.normal(mde, sd, (4000, n))
    power = np.mean(stats.ttest_1samp(samples, 0.0, axis=1).pvalue < 0.05)
    assert 0.75 <= power <= 0.85, power


@pytest.fixture(scope="module")
def story_2024():
    return compute.analyse(
        "TSLA", ["announcement", "company", "contrast"], "2024-01-01", "2024-12-31", [], "QQQ", [-120, -11],
        [[0, 1]], [-3, 3], ["AMZN", "MSFT"], ["QQQ"],
    )  # fmt: skip


def test_story_sentences_follow_the_numbers(story_2024):
    b = story_2024.batteries[0]
    assert b.name == "all milestones" and b.result.n_events == len(story_2024.milestones)
    text = narrative.compute.battery_sentences(story_2024)
    assert f"CAAR {fmt.pct(b.result.caar, 2)}" in text
    t = b.result.tests["cross_sectional_t"]
    assert f"cross-sectional t = {t.statistic:+.2f}" in text
    head = narrative.compute.headline(story_2024)
    assert f"{b.result.n_events} TSLA milestones 2024;" in head
    assert story_2024.milestones["day0"].dt.year.eq(2024).all()
    inc = narrative.compute.incumbent_sentence(story_2024)
    assert f"{story_2024.incumbents.result.n_events} incumbent events" in inc
    assert "QQQ" in narrative.compute.holding_sentence(story_2024) and "SPY" not in narrative.compute.holding_sentence(
        story_2024
    )
    concl = narrative.compute.conclusion(story_2024)
    used = next((x for x in story_2024.batteries if x.name == "clean milestones"), b)
    found = used.result.reading().reading == "supported"  # the answer follows the interval, not a vote of tests
    assert ("Yes, on average" in concl) == found and ("Not detectably" in concl) == (not found)
    low, high = used.result.caar_ci
    assert f"across the {used.name}" in concl and f"interval {fmt.pct(low, 2)} to {fmt.pct(high, 2)}" in concl


def test_markdown_tables_escape_data_and_link_only_http():
    frame = pd.DataFrame({"event": ["<script>alert(1)</script> | *bold*"], "src": ["javascript:alert(1)"]})
    out = fmt.md_table(frame, links={"event": "src"})
    assert "<script>" not in out and "&lt;script&gt;" in out and "\\|" in out and "\\*bold\\*" in out
    assert "javascript:" not in out
    ok = fmt.md_table(pd.DataFrame({"e": ["x"], "u": ["https://example.org/a_b"]}), links={"e": "u"})
    assert "[x](https://example.org/a_b)" in ok
