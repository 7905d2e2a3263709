"""Placing events on the return data: day 0 of each requested date, the windows checked against the data's
span, column lookups, and the messages that name an event's origin (a file line) when something is wrong."""

from collections.abc import Callable

import numpy as np
import pandas as pd

from analysis.data import sessions
from analysis.data.errors import UserError
from analysis.methods.spec import Spec

Where = Callable[[int], str] | None


def origin(where: Where, i: int) -> str:
    """The prefix that names event ``i``'s origin (e.g. a file line) in a message, or nothing."""
    return f"{where(i)}: " if where else ""


def locate_day0(index: pd.DatetimeIndex, dates, where: Where = None) -> tuple[np.ndarray, pd.DatetimeIndex]:
    """Positions in ``index`` of the first trading day on or after each date, and the parsed dates."""
    codes, unique = pd.factorize(pd.Series(dates), sort=False)
    days = pd.DatetimeIndex([sessions.parse_date(d, "event date") for d in unique])
    parsed = days[codes]
    outside = (parsed < index[0]) | (parsed > index[-1])
    if outside.any():
        i = int(outside.argmax())
        raise UserError(
            f"{origin(where, i)}event date {parsed[i].date()} is outside the return data "
            f"({index[0].date()} to {index[-1].date()})"
        )
    return index.searchsorted(parsed), parsed


def _days(n: int) -> str:
    return f"{n} trading day" if n == 1 else f"{n} trading days"


def check_reach(index: pd.DatetimeIndex, pos: np.ndarray, spec: Spec, days, where: Where = None) -> None:
    """Both windows must lie inside the return data for every event."""
    (e0, _), (_, w1) = spec.estimation, spec.window
    early, late = pos + e0 < 0, pos + w1 >= len(index)
    if early.any():
        i = int(early.argmax())
        raise UserError(
            f"{origin(where, i)}estimation window starts {_days(-e0)} before day 0 of {days[i].date()} "
            f"({index[pos[i]].date()}), before the first return ({index[0].date()}); "
            "use a later date or a shorter window"
        )
    if late.any():
        i = int(late.argmax())
        raise UserError(
            f"{origin(where, i)}event window ends {_days(w1)} after day 0 of {days[i].date()} "
            f"({index[pos[i]].date()}), after the last return ({index[-1].date()}); "
            "use an earlier date or a shorter window"
        )


def columns(frame: pd.DataFrame, names: np.ndarray, what: str, where: Where) -> np.ndarray:
    """Column positions of ``names`` in ``frame``; a clear error naming the first missing one."""
    cols = frame.columns.get_indexer(names)
    if (cols < 0).any():
        i = int((cols < 0).argmax())
        raise UserError(f"{origin(where, i)}{what} {names[i]} has no returns in the data")
    return cols


def iso(stamps: pd.DatetimeIndex) -> np.ndarray:
    """Dates as YYYY-MM-DD strings, formatting each distinct date once."""
    codes, unique = pd.factorize(stamps)
    return pd.DatetimeIndex(unique).strftime("%Y-%m-%d").to_numpy(dtype=object)[codes]


def no_data(returns: pd.DataFrame, members, cols, bcols, pos, spec: Spec, where) -> None:
    """Raise for the first pair of a group whose estimation or event window reaches a day its ticker or benchmark
    has no data (a history that starts later or ends earlier than the others')."""
    (e0, _), (_, w1) = spec.estimation, spec.window
    data = returns.to_numpy(dtype=float)
    for i in members:
        for c in (cols[i], bcols[i]):
            rows = data[pos[i] + e0 : pos[i] + w1 + 1, c]
            if not np.isfinite(rows).all():
                day = returns.index[pos[i] + e0 + int(np.argmin(np.isfinite(rows)))]
                name = returns.columns[c]
                raise UserError(
                    f"{origin(where, int(i))}{name} has no data on {day.date()}, a day the event of "
                    f"{returns.index[pos[i]].date()} uses (its history runs "
                    f"{returns[name].first_valid_index().date()} to {returns[name].last_valid_index().date()})"
                )


def check_varies(fitted: np.ndarray, tickers, days, where: Where) -> None:
    """Raise for the first pair whose fit is degenerate: returns (or the benchmark's) that do not vary over the
    estimation window, as a stale feed of repeated prices gives; no test statistic exists for it."""
    flat = ~(np.isfinite(fitted).all(axis=1) & (fitted[:, 2] > 0))
    if flat.any():
        i = int(np.argmax(flat))
        raise UserError(
            f"{origin(where, i)}{tickers[i]}: returns do not vary over the estimation window of the event of "
            f"{days[i].date()} (repeated prices: a stale feed?); no test is possible"
        )
