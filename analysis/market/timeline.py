"""Tesla's compute story as dated events: each event with its effective day 0 (:mod:`analysis.methods.timing`),
the milestones and their confounders, the news around a day 0, and the event list the multi-event study runs on.
"""

import re

import pandas as pd

from analysis import case
from analysis.data import facts, paths, sessions
from analysis.data.errors import UserError
from analysis.methods.timing import effective_day0

EARNINGS = re.compile(r"^Tesla (Q[1-4]) (\d{4}) (results|shareholder deck)")


COMPUTE_KINDS = ("announcement", "company", "contrast")


def earnings_quarter(text: str) -> str | None:
    """'2024Q1' for an event whose text opens with Tesla's quarterly results ('Tesla Q1 2024 results: ...')."""
    found = EARNINGS.match(text)
    return f"{found.group(2)}{found.group(1)}" if found else None


def timed(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every event of ``events.csv`` with its effective day 0 (from its ``session``), the rule used, whether the
    hour is uncertain, the first source URL and, for Tesla's quarterly results, the quarter."""
    table = (facts.events() if events is None else events).copy()
    days = []
    for row in table.itertuples():
        try:
            days.append(effective_day0(row.date, row.session))
        except UserError as exc:
            line = f" line {row.line}" if hasattr(row, "line") else ""
            raise UserError(f"{paths.relative(paths.EVENTS_CSV)}{line}: {exc}") from None
    table["day0"] = [d.day0 for d in days]
    table["rule"] = [d.rule for d in days]
    table["uncertain"] = [d.uncertain for d in days]
    table["url"] = table["source"].map(facts.first_url)
    table["earnings"] = table["event"].map(earnings_quarter)
    return table


def _results(quarter: str) -> str:
    return f"Tesla {quarter[4:]} {quarter[:4]} results"


def milestones(
    kinds: tuple[str, ...] = COMPUTE_KINDS,
    ticker: str = case.SUBJECT,
    start: str | None = None,
    end: str | None = None,
    drop: tuple[str, ...] = (),
    events: pd.DataFrame | None = None,
    window: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """One row per effective day 0 of ``ticker``'s events of the given kinds (rows sharing a day 0 are merged).

    ``drop`` lists event dates to leave out (rows that restate another row's news). A milestone is confounded for an
    event ``window`` (default ``case.WINDOW``, trading days around day 0) when the ticker's quarterly results or a
    ``confounder`` row has its day 0 inside the window, or when another milestone's window shares a trading day
    with it (the tests assume independent events); ``confounders`` says which.
    """
    w0, w1 = window or case.WINDOW
    table = timed(events)
    unknown = sorted(set(kinds) - set(table["kind"]))
    if unknown:
        raise UserError(
            f"event kind(s) {', '.join(unknown)} not in events.csv (have: {', '.join(sorted(set(table['kind'])))})"
        )
    mine = table[table["ticker"] == ticker]
    chosen = mine[mine["kind"].isin(kinds) & ~mine["date"].dt.strftime("%Y-%m-%d").isin(drop)]
    if chosen.empty:
        raise UserError(f"no {ticker} events of kind {', '.join(kinds)} in events.csv")
    news = mine[(mine["kind"].isin(["confounder", "earnings"])) | mine["earnings"].map(lambda q: isinstance(q, str))]
    calendar = sessions.sessions(mine["day0"].min() - pd.Timedelta(days=30), mine["day0"].max() + pd.Timedelta(days=30))
    at = {day: i for i, day in enumerate(calendar)}
    days = sorted(chosen["day0"].unique())
    rows = []
    for day0, group in chosen.groupby("day0", sort=True):
        p = at[day0]
        inside = calendar[max(p + w0, 0) : p + w1 + 1]
        quarter = next((q for q in group["earnings"] if isinstance(q, str)), None)
        reasons = [_results(quarter)] if quarter else []
        for r in news[news["day0"].isin(inside) & ~news.index.isin(group.index)].itertuples():
            what = _results(r.earnings) if isinstance(r.earnings, str) else short(r.event)
            shift = "" if r.day0 == day0 else f" (day {at[r.day0] - p:+d})"
            if what + shift not in reasons:
                reasons.append(what + shift)
        reasons += [
            f"window shares days with the milestone of {other.date()}"
            for other in days
            if other != day0 and abs(at[other] - p) <= w1 - w0
        ]
        rows.append(
            {
                "number": int(group["number"].iloc[0]),
                "day0": day0,
                "date": group["date"].iloc[0],
                "kind": group["kind"].iloc[0],
                "event": " / ".join(group["event"]),
                "label": short(group["event"].iloc[0]),
                "timing_rule": group["rule"].iloc[0],
                "uncertain": bool(group["uncertain"].any()),
                "url": group["url"].iloc[0],
                "earnings": quarter,
                "confounded": bool(reasons),
                "confounders": "; ".join(reasons),
            }
        )
    table = pd.DataFrame(rows)
    if start:
        table = table[table["day0"] >= sessions.parse_date(start, "start")]
    if end:
        table = table[table["day0"] <= sessions.parse_date(end, "end")]
    if table.empty:
        raise UserError(
            f"no {ticker} events of kind {', '.join(kinds)} between {start or 'the start'} and {end or 'the end'}"
        )
    return table.reset_index(drop=True)


def short(text: str, limit: int = 64) -> str:
    """The start of an event text up to its first ';' or '(' and at most ``limit`` characters, cut between words,
    with '…' wherever something was cut."""
    head = re.split(r"[;(]", text, maxsplit=1)[0].strip().rstrip(",:")
    cut = len(head) < len(text.strip())
    if len(head) > limit:
        head, cut = head[:limit].rsplit(" ", 1)[0].rstrip(",:"), True
    return head + "…" if cut else head


def earnings_figures(quarter: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tesla figures of ``data/facts`` for a quarter (area E, period equal to the quarter), with their sources."""
    table = facts.all_facts() if table is None else table
    rows = table[(table["area"] == "E") & (table["period"] == quarter)]
    return rows[["id", "metric", "value", "unit", "source"]].reset_index(drop=True)


def on_day0(timed: pd.DataFrame, day0: pd.Timestamp, ticker: str) -> pd.DataFrame:
    """The events of ``ticker`` that reach its prices on ``day0``, confounders too."""
    return timed[(timed["day0"] == day0) & (timed["ticker"] == ticker)].reset_index(drop=True)


def day0_news(timed: pd.DataFrame, day0: pd.Timestamp, ticker: str) -> pd.DataFrame:
    """The events of ``timeline.timed()`` that reach ``ticker``'s prices on ``day0`` (confounders last)."""
    rows = timed[(timed["day0"] == day0) & (timed["ticker"] == ticker)]
    return rows.sort_values("kind", key=lambda k: k.eq("confounder"), kind="stable")


def day0_label(timed: pd.DataFrame, day0: pd.Timestamp, ticker: str, limit: int = 60) -> str:
    """A short name for what happened on day 0 (the first event there that is not a confounder), or '' when
    ``events.csv`` holds no such news."""
    rows = day0_news(timed, day0, ticker)
    rows = rows[rows["kind"] != "confounder"]
    return short(rows["event"].iloc[0], limit) if len(rows) else ""


CONFOUNDING = ("confounder", "earnings")


def news_in_window(timed: pd.DataFrame, days: pd.DatetimeIndex, tickers: list[str]) -> pd.DataFrame:
    """Confounding news of ``tickers`` (``events.csv`` rows of kind confounder or earnings, or Tesla's quarterly
    results) whose effective day 0 falls on one of ``days``."""
    rows = timed[timed["day0"].isin(days) & timed["ticker"].isin(tickers)]
    rows = rows[rows["kind"].isin(CONFOUNDING) | rows["earnings"].map(lambda q: isinstance(q, str))]
    return rows.reset_index(drop=True)


def news_near(events: pd.DataFrame, day0: pd.Timestamp, days: int) -> pd.DataFrame:
    """The dated events within ``days`` calendar days either side of ``day0``."""
    span = pd.Timedelta(days=days)
    return events[(events["date"] >= day0 - span) & (events["date"] <= day0 + span)].reset_index(drop=True)


def check_drop(dates: list[str], ticker: str, what: str = "--drop") -> tuple[str, ...]:
    """The news dates to leave out, each a YYYY-MM-DD date of a milestone: news of ``ticker`` of a compute kind in
    ``events.csv`` (any of them, so that a date stays valid whichever kinds are chosen); ``what`` names the option or
    parameter in messages."""
    table = facts.events()
    rows = (table["ticker"] == ticker) & table["kind"].isin(COMPUTE_KINDS)
    known = set(table.loc[rows, "date"].dt.strftime("%Y-%m-%d"))
    for text in dates:
        day = sessions.parse_date(text, f"{what} date")
        if day.strftime("%Y-%m-%d") != text.strip():
            raise UserError(f"{what} {text!r}: write the date as YYYY-MM-DD ({day.date()})")
        if text not in known:
            raise UserError(f"{what} {text}: no {ticker} milestone ({', '.join(COMPUTE_KINDS)}) is dated {text}; "
                            "nothing would be dropped")  # fmt: skip
    return tuple(dates)
