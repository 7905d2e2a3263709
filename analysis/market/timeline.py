"""Tesla's compute story as dated events: effective day 0 from each event's timing, confounders, and the event
list the multi-event study runs on.

Timing rule (``docs/methods.md``, "Event timing"): news published after the US close counts from the next trading
session; news before the open or during the session counts from that session; a weekend or holiday date moves to
the next session. Where ``events.csv`` says the hour was not established, the rule takes the earlier session and the
event is marked ``timing uncertain``.
"""

import re
from dataclasses import dataclass

import pandas as pd

from analysis import case
from analysis.data import facts, sessions
from analysis.data.errors import UserError
from analysis.present.fmt import md_text

AFTER_CLOSE = re.compile(r"after the close", re.IGNORECASE)
UNCERTAIN = re.compile(r"not established", re.IGNORECASE)
EARNINGS = re.compile(r"^Tesla (Q[1-4]) (\d{4}) (results|shareholder deck)")
URL = re.compile(r"https?://[^\s;,)]+")
COMPUTE_KINDS = ("announcement", "company", "contrast")


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


def first_url(source: str) -> str:
    """The first http(s) address in a source cell, or '' when it has none."""
    found = URL.search(source)
    return found.group(0) if found else ""


def earnings_quarter(text: str) -> str | None:
    """'2024Q1' for an event whose text opens with Tesla's quarterly results ('Tesla Q1 2024 results: ...')."""
    found = EARNINGS.match(text)
    return f"{found.group(2)}{found.group(1)}" if found else None


def timed(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every event of ``events.csv`` with its effective day 0, the rule used, and the first source URL."""
    table = (facts.events() if events is None else events).copy()
    days = [effective_day0(d, t) for d, t in zip(table["date"], table["timing"], strict=True)]
    table["day0"] = [d.day0 for d in days]
    table["rule"] = [d.rule for d in days]
    table["uncertain"] = [d.uncertain for d in days]
    table["url"] = table["source"].map(first_url)
    table["earnings"] = table["event"].map(earnings_quarter)
    return table


def milestones(
    kinds: tuple[str, ...] = COMPUTE_KINDS,
    ticker: str = case.SUBJECT,
    start: str | None = None,
    end: str | None = None,
    drop: tuple[str, ...] = (),
    events: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per effective day 0 of ``ticker``'s events of the given kinds (rows sharing a day 0 are merged).

    ``drop`` lists event dates to leave out (rows that restate another row's news). Each milestone carries whether
    it is confounded: Tesla's quarterly results or a ``confounder`` row on the same day 0.
    """
    table = timed(events)
    unknown = sorted(set(kinds) - set(table["kind"]))
    if unknown:
        raise UserError(
            f"event kind(s) {', '.join(unknown)} not in events.csv (have: {', '.join(sorted(set(table['kind'])))})"
        )
    mine = table[table["ticker"] == ticker]
    chosen = mine[mine["kind"].isin(kinds) & ~mine["date"].dt.strftime("%Y-%m-%d").isin(drop)]
    if start:
        chosen = chosen[chosen["day0"] >= sessions.parse_date(start, "start")]
    if end:
        chosen = chosen[chosen["day0"] <= sessions.parse_date(end, "end")]
    if chosen.empty:
        raise UserError(
            f"no {ticker} events of kind {', '.join(kinds)} between {start or 'the start'} and {end or 'the end'}"
        )
    confounders = mine[mine["kind"] == "confounder"]
    rows = []
    for day0, group in chosen.groupby("day0", sort=True):
        quarter = next((q for q in group["earnings"] if isinstance(q, str)), None)
        others = confounders[confounders["day0"] == day0]["event"].tolist()
        reasons = ([f"Tesla {quarter[4:]} {quarter[:4]} results"] if quarter else []) + [short(e) for e in others]
        rows.append(
            {
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
    return pd.DataFrame(rows)


def short(text: str, limit: int = 64) -> str:
    """The start of an event text up to its first ';' or '(' and at most ``limit`` characters, cut between words."""
    head = re.split(r"[;(]", text, maxsplit=1)[0].strip().rstrip(",:")
    if len(head) <= limit:
        return head
    return head[:limit].rsplit(" ", 1)[0].rstrip(",:") + "…"


def earnings_figures(quarter: str, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Tesla figures of ``data/facts`` for a quarter (area E, period equal to the quarter), with their sources."""
    table = facts.all_facts() if table is None else table
    rows = table[(table["area"] == "E") & (table["period"] == quarter)]
    return rows[["id", "metric", "value", "unit", "source"]].reset_index(drop=True)


def day0_news(timed: pd.DataFrame, day0: pd.Timestamp, ticker: str) -> pd.DataFrame:
    """The events of ``timeline.timed()`` that reach ``ticker``'s prices on ``day0`` (confounders last)."""
    rows = timed[(timed["day0"] == day0) & (timed["ticker"] == ticker)]
    return rows.sort_values("kind", key=lambda k: k.eq("confounder"), kind="stable")


def day0_label(timed: pd.DataFrame, day0: pd.Timestamp, ticker: str, limit: int = 60) -> str:
    """A short name for what happened on day 0 (the first event there that is not a confounder), or 'day 0'."""
    rows = day0_news(timed, day0, ticker)
    rows = rows[rows["kind"] != "confounder"]
    return short(rows["event"].iloc[0], limit) if len(rows) else f"{day0.date()}"


CONFOUNDING = ("confounder", "earnings")


def news_in_window(timed: pd.DataFrame, days: pd.DatetimeIndex, tickers: list[str]) -> list[str]:
    """Confounding news of ``tickers`` (``events.csv`` rows of kind confounder or earnings, or Tesla's quarterly
    results) whose effective day 0 falls on one of ``days``."""
    rows = timed[timed["day0"].isin(days) & timed["ticker"].isin(tickers)]
    rows = rows[rows["kind"].isin(CONFOUNDING) | rows["earnings"].map(lambda q: isinstance(q, str))]
    return [f"{r.day0.date()} {r.ticker}: {md_text(short(r.event, 70))}" for r in rows.itertuples()]
