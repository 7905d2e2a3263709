"""NYSE trading days, from exchange-calendars (XNYS)."""

import warnings
from functools import cache

import exchange_calendars as xc
import pandas as pd

from analysis.errors import UserError

_FIRST, _LAST = "2000-01-03", "2030-12-31"


@cache
def nyse() -> xc.ExchangeCalendar:
    """The XNYS calendar over a fixed span, so results do not depend on today's date."""
    with warnings.catch_warnings():
        # exchange-calendars 4.13 trips a pandas 3.1 deprecation inside its own constructor; nothing to fix here.
        warnings.simplefilter("ignore", category=pd.errors.Pandas4Warning)
        return xc.get_calendar("XNYS", start=_FIRST, end=_LAST)


def parse_date(text: str | pd.Timestamp, what: str = "date") -> pd.Timestamp:
    """A calendar date from YYYY-MM-DD text (or a timestamp); a clear error otherwise."""
    if isinstance(text, pd.Timestamp):
        return text.tz_localize(None).normalize() if text.tzinfo else text.normalize()
    stamp = pd.to_datetime(str(text), format="%Y-%m-%d", errors="coerce")
    if pd.isna(stamp):
        raise UserError(f"{what} {text!r} is not a date; use YYYY-MM-DD")
    return stamp


def sessions(start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    """NYSE sessions from start to end inclusive."""
    return nyse().sessions_in_range(start, end)
