"""NYSE trading days, from exchange-calendars (XNYS), remembered between runs.

Building the XNYS calendar costs a few tenths of a second per process, more than a terminal command should wait
for; the session list it gives (2000-2030) is therefore written once to ``build/cache/`` and read from there by
later processes. The file's name carries the exchange-calendars version, so an upgrade rebuilds it.
"""

import os
import tempfile
import warnings
from functools import cache
from importlib.metadata import version

import numpy as np
import pandas as pd

from analysis.data import paths
from analysis.data.errors import UserError, quoted

_FIRST, _LAST = "2000-01-03", "2030-12-31"


def _build() -> pd.DatetimeIndex:
    """XNYS sessions over a fixed span, so results do not depend on today's date."""
    import exchange_calendars as xc

    with warnings.catch_warnings():
        # exchange-calendars 4.13 trips a pandas 3.1 deprecation inside its own constructor; nothing to fix here.
        warnings.simplefilter("ignore", category=pd.errors.Pandas4Warning)
        return xc.get_calendar("XNYS", start=_FIRST, end=_LAST).sessions


def cache_file():
    """Where the session list is remembered."""
    return paths.CACHE / f"xnys-{version('exchange_calendars')}-{_FIRST}-{_LAST}.npy"


@cache
def _all_sessions() -> pd.DatetimeIndex:
    """Every session from 2000 to 2030: from the cache file when it is there and sound, else built and saved."""
    path = cache_file()
    try:
        days = np.load(path, allow_pickle=False)
        if days.dtype == "datetime64[D]" and len(days) > 7000 and (np.diff(days).astype(int) > 0).all():
            return pd.DatetimeIndex(days.astype("datetime64[ns]"))
    except (OSError, ValueError):
        pass
    sessions = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as tmp:
            np.save(tmp, sessions.to_numpy().astype("datetime64[D]"), allow_pickle=False)
        os.replace(tmp.name, path)
    except OSError:
        pass  # a read-only checkout still works; it just builds the calendar each time
    return sessions


def parse_date(text: str | pd.Timestamp, what: str = "date") -> pd.Timestamp:
    """A calendar date from YYYY-MM-DD text (or a timestamp); a clear error otherwise."""
    if isinstance(text, pd.Timestamp):
        return text.tz_localize(None).normalize() if text.tzinfo else text.normalize()
    short = len(str(text).strip()) <= 10  # a 10,000-digit "date" is not parsed at all
    stamp = pd.to_datetime(str(text), format="%Y-%m-%d", errors="coerce") if short else pd.NaT
    if pd.isna(stamp):
        raise UserError(f"{what} {quoted(text)} is not a date; use YYYY-MM-DD")
    return stamp


def sessions(start: pd.Timestamp, end: pd.Timestamp) -> pd.DatetimeIndex:
    """NYSE sessions from start to end inclusive."""
    days = _all_sessions()
    if start < days[0] or end > days[-1]:
        raise UserError(f"dates {start.date()} to {end.date()} reach outside the trading calendar ({_FIRST}..{_LAST})")
    return days[days.searchsorted(start) : days.searchsorted(end, side="right")]


def shifted(day: pd.Timestamp, offsets: list[int]) -> list[pd.Timestamp]:
    """The sessions ``offsets`` trading days from ``day`` (which must be a session), e.g. [-1, 0, 2]."""
    days = _all_sessions()
    p = days.get_loc(day)
    return [days[p + k] for k in offsets]
