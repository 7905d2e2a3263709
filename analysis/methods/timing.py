"""When news reaches prices: the effective day 0 of a dated event from its ``session`` field and the NYSE calendar.

``data/facts/events.csv`` states for each event when the news came out relative to the US session of its date
(``docs/methods.md``, "Event timing"):

- ``before_open`` or ``during_session``: that session is day 0 (the date must be a session);
- ``after_close``: the next session (the date must be a session);
- ``non_trading_day``: the next session (the date must not be a session);
- ``hour_unknown``: that session, flagged ``timing uncertain`` (a window from day 0 or earlier to +1 or later
  covers both candidates);
- a date ``YYYY-MM-DD``: the source's own first-reaction session, used as given (it must be a session on or after
  the news date).

The wording in the ``timing`` column explains the choice for people; day 0 never depends on it.
"""

from dataclasses import dataclass

import pandas as pd

from analysis.data import sessions
from analysis.data.errors import UserError

SESSIONS = ("before_open", "during_session", "after_close", "non_trading_day", "hour_unknown")
RULES = {
    "before_open": "before the open: that session",
    "during_session": "during the session: that session",
    "after_close": "after the close: next session",
    "non_trading_day": "not a trading day: next session",
    "hour_unknown": "hour unknown: that session (or the next)",
}


@dataclass(frozen=True)
class Day0:
    """Where an event's news first reaches prices."""

    day0: pd.Timestamp
    rule: str
    uncertain: bool


def effective_day0(date: pd.Timestamp | str, session: str) -> Day0:
    """The first session whose close can reflect news dated ``date`` released at ``session`` (see the module)."""
    day = sessions.parse_date(date, "event date")
    nearby = sessions.sessions(day, day + pd.Timedelta(days=10))
    is_session = len(nearby) > 0 and nearby[0] == day
    if session in ("before_open", "during_session", "hour_unknown", "after_close") and not is_session:
        raise UserError(f"session {session} on {day.date()}, which is not a trading day; use non_trading_day")
    if session == "non_trading_day" and is_session:
        raise UserError(f"session non_trading_day on {day.date()}, which is a trading day")
    if session in ("after_close", "non_trading_day"):
        return Day0(nearby[nearby > day][0], RULES[session], False)
    if session in SESSIONS:
        return Day0(day, RULES[session], session == "hour_unknown")
    given = sessions.parse_date(session, "session")
    if given < day or given not in sessions.sessions(given, given):
        raise UserError(f"first-reaction date {session} must be a trading day on or after the news date {day.date()}")
    return Day0(given, "first reaction as the source gives it", False)
