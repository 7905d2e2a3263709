"""When news reaches prices: the effective day 0 of a dated event from its timing and the NYSE calendar.

Rule (``docs/methods.md``, "Event timing"): news published after the US close counts from the next trading session;
news before the open or during the session counts from that session; a weekend or holiday date moves to the next
session. Where the hour was not established, the rule takes the earlier session and the event is marked
``timing uncertain``.
"""

import re
from dataclasses import dataclass

import pandas as pd

from analysis.data import sessions

AFTER_CLOSE = re.compile(r"after the close", re.IGNORECASE)
UNCERTAIN = re.compile(r"not established", re.IGNORECASE)


@dataclass(frozen=True)
class Day0:
    """Where an event's news first reaches prices."""

    day0: pd.Timestamp
    rule: str
    uncertain: bool


def effective_day0(date: pd.Timestamp | str, timing: str) -> Day0:
    """The first session whose close can reflect news dated ``date`` with the given ``timing`` text."""
    day = sessions.parse_date(date, "event date")
    nearby = sessions.sessions(day, day + pd.Timedelta(days=10))
    uncertain = bool(UNCERTAIN.search(timing))
    if AFTER_CLOSE.search(timing):
        later = nearby[nearby > day]
        return Day0(later[0], "after the close: next session", uncertain)
    if nearby[0] != day:
        return Day0(nearby[0], "not a trading day: next session", uncertain)
    rule = "hour unknown: that session (or the next)" if uncertain else "before or during the session: that day"
    return Day0(nearby[0], rule, uncertain)
