"""Day 0 from the ``session`` field and the NYSE calendar: the rule, every events.csv row, and bad values."""

import re

import pandas as pd
import pytest

from analysis.data.errors import UserError
from analysis.market import timeline
from analysis.methods import timing


@pytest.mark.parametrize(
    ("date", "session", "day0", "uncertain"),
    [
        ("2024-04-23", "after_close", "2024-04-24", False),
        ("2025-11-07", "after_close", "2025-11-10", False),  # Friday -> Monday
        ("2024-07-03", "after_close", "2024-07-05", False),  # the next session skips Independence Day
        ("2024-08-03", "non_trading_day", "2024-08-05", False),  # Saturday
        ("2024-07-04", "non_trading_day", "2024-07-05", False),  # holiday
        ("2025-09-05", "before_open", "2025-09-05", False),
        ("2024-01-26", "during_session", "2024-01-26", False),
        ("2024-06-20", "hour_unknown", "2024-06-20", True),
        ("2025-08-07", "2025-08-08", "2025-08-08", False),  # a first-reaction date the source gives
    ],
)
def test_the_rule(date, session, day0, uncertain):
    got = timing.effective_day0(date, session)
    assert got.day0 == pd.Timestamp(day0) and got.uncertain is uncertain


@pytest.mark.parametrize(
    ("date", "session", "message"),
    [
        ("2024-08-03", "after_close", "not a trading day"),
        ("2024-08-05", "non_trading_day", "which is a trading day"),
        ("2024-08-05", "2024-08-02", "on or after the news date"),
        ("2024-08-05", "2024-08-10", "must be a trading day"),
        ("2024-08-05", "lunchtime", "not a date"),
    ],
)
def test_values_that_contradict_the_calendar_are_refused(date, session, message):
    with pytest.raises(UserError, match=message):
        timing.effective_day0(date, session)


# Every row of data/facts/events.csv: news date, ticker, kind -> the day 0 the studies use.
DAY0 = {
    ("2023-07-19", "TSLA", "company"): "2023-07-20",
    ("2023-08-03", "AMZN", "earnings"): "2023-08-04",
    ("2023-08-14", "TSLA", "announcement"): "2023-08-14",
    ("2023-08-14", "TSLA", "confounder"): "2023-08-14",
    ("2023-08-15", "TSLA", "announcement"): "2023-08-15",
    ("2023-08-16", "TSLA", "confounder"): "2023-08-16",
    ("2023-08-28", "TSLA", "announcement"): "2023-08-28",
    ("2023-09-11", "TSLA", "contrast"): "2023-09-11",
    ("2023-10-18", "TSLA", "company"): "2023-10-19",
    ("2024-01-24", "TSLA", "company"): "2024-01-25",
    ("2024-01-26", "TSLA", "announcement"): "2024-01-26",
    ("2024-04-23", "TSLA", "company"): "2024-04-24",
    ("2024-04-28", "TSLA", "company"): "2024-04-29",
    ("2024-04-29", "TSLA", "confounder"): "2024-04-29",
    ("2024-06-04", "TSLA", "company"): "2024-06-04",
    ("2024-06-20", "TSLA", "announcement"): "2024-06-20",
    ("2024-07-23", "TSLA", "company"): "2024-07-24",
    ("2024-08-03", "TSLA", "announcement"): "2024-08-05",
    ("2024-08-26", "TSLA", "announcement"): "2024-08-26",
    ("2024-10-23", "TSLA", "company"): "2024-10-24",
    ("2025-01-29", "TSLA", "company"): "2025-01-30",
    ("2025-03-20", "TSLA", "company"): "2025-03-21",
    ("2025-07-23", "TSLA", "company"): "2025-07-24",
    ("2025-07-27", "TSLA", "announcement"): "2025-07-28",
    ("2025-08-07", "TSLA", "company"): "2025-08-08",  # Bloomberg, after the close: the example
    ("2025-08-10", "TSLA", "company"): "2025-08-11",
    ("2025-09-05", "TSLA", "company"): "2025-09-05",
    ("2025-09-05", "TSLA", "confounder"): "2025-09-05",
    ("2025-09-06", "TSLA", "company"): "2025-09-08",
    ("2025-10-22", "TSLA", "company"): "2025-10-23",
    ("2025-11-06", "TSLA", "company"): "2025-11-07",
    ("2025-11-06", "TSLA", "confounder"): "2025-11-07",
    ("2025-11-07", "TSLA", "company"): "2025-11-10",
    ("2025-11-23", "TSLA", "company"): "2025-11-24",
}


def test_the_day0_of_every_events_csv_row():
    table = timeline.timed()
    got = {(str(r.date.date()), r.ticker, r.kind): str(r.day0.date()) for r in table.itertuples()}
    assert got == DAY0 and len(table) == 35


def test_day0_agrees_with_every_first_reaction_stated_in_the_timing_text():
    """Where a row's wording names one first reaction day, the session field gives the same session."""
    checked = 0
    for row in timeline.timed().itertuples():
        found = re.findall(r"first (?:trading |full-day )?reaction[^0-9]*(\d{4}-\d{2}-\d{2})(?! or)", row.timing)
        if len(found) == 1 and " or " not in row.timing.split("reaction")[-1]:
            assert row.day0 == pd.Timestamp(found[0]), (row.date, row.timing)
            checked += 1
    assert checked >= 21


def test_a_bad_session_value_names_the_file_line(tmp_path):
    from analysis.data import facts, paths

    text = (paths.EVENTS_CSV).read_text().replace(",after_close,", ",whenever,", 1)
    bad = tmp_path / "events.csv"
    bad.write_text(text)
    with pytest.raises(UserError, match=r"line \d+: session 'whenever' is not one of"):
        facts.events(bad)
    contradiction = tmp_path / "contradiction.csv"
    contradiction.write_text(paths.EVENTS_CSV.read_text().replace(",non_trading_day,", ",after_close,", 1))
    with pytest.raises(UserError, match=r"line \d+: session after_close on .* not a trading day"):
        timeline.timed(facts.events(contradiction))
