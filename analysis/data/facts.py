"""Sourced tables under ``data/``: dated news events and price-file sources."""

import re
from pathlib import Path

import pandas as pd

from analysis.data import csvfiles, paths
from analysis.data.errors import fail_at
from analysis.data.prices import TICKER

EVENT_COLUMNS = ["date", "ticker", "kind", "event", "timing", "session", "source"]
SESSIONS = ("before_open", "during_session", "after_close", "non_trading_day", "hour_unknown")
EVENT_KINDS = {"announcement", "company", "confounder", "contrast", "earnings"}


def events(path: Path | None = None) -> pd.DataFrame:
    """The dated news events of the period, each with its source and the session its news came out in (the
    day-0 rule is :func:`analysis.methods.timing.effective_day0`), sorted by date and numbered from 1 in that order
    (``number``: the same event has the same number on every page)."""
    path = path or paths.EVENTS_CSV
    table = csvfiles.read_table(path, EVENT_COLUMNS)
    where = paths.relative(path)
    dates = pd.to_datetime(table["date"], format="%Y-%m-%d", errors="coerce")
    fail_at(where, dates.isna(), lambda pos: f"date {table['date'].iloc[pos]!r} is not YYYY-MM-DD")
    fail_at(
        where,
        ~table["kind"].isin(EVENT_KINDS),
        lambda pos: f"kind {table['kind'].iloc[pos]!r} is not one of {', '.join(sorted(EVENT_KINDS))}",
    )
    fail_at(where, ~table["ticker"].str.match(TICKER.pattern), "ticker is malformed")
    fail_at(
        where,
        ~(table["session"].isin(SESSIONS) | table["session"].str.fullmatch(r"\d{4}-\d\d-\d\d")),
        lambda pos: f"session {table['session'].iloc[pos]!r} is not one of {', '.join(SESSIONS)} or a YYYY-MM-DD "
        "first-reaction date",
    )
    table["date"] = dates
    table["line"] = table.index + 2  # the file line, for messages about a row
    table = table.sort_values(["date", "ticker"], kind="stable").reset_index(drop=True)
    table["number"] = table.index + 1  # the one numbering of events that every page and chart shows
    return table


def price_sources(path: Path | None = None) -> pd.DataFrame:
    """Where each ticker's bundled bars come from, by period."""
    path = path or paths.PRICES / "sources.csv"
    return csvfiles.read_table(path, ["ticker", "period", "primary_source", "price_basis", "provenance"])


FACT_COLUMNS = ["id", "area", "metric", "period", "value", "unit", "source", "quote_or_context", "confidence"]
CONFIDENCE = {"high", "medium", "low", "derived"}


def facts(path: Path | None = None) -> pd.DataFrame:
    """The sourced business figures (areas A-F of ``SOURCES.md``), values kept as the sources state them."""
    path = path or paths.FACTS_CSV
    table = csvfiles.read_table(path, FACT_COLUMNS)
    where = paths.relative(path)
    fail_at(where, table["id"].duplicated(), lambda pos: f"duplicate id {table['id'].iloc[pos]}")
    fail_at(
        where,
        ~table["confidence"].isin(CONFIDENCE),
        lambda pos: f"confidence {table['confidence'].iloc[pos]!r} is not one of {sorted(CONFIDENCE)}",
    )
    quarterish = table["period"].str.fullmatch(r"\d{4}Q\d+")
    fail_at(
        where,
        quarterish & ~table["period"].str.fullmatch(r"\d{4}Q[1-4]"),
        lambda pos: f"period {table['period'].iloc[pos]!r} is not a quarter (Q1 to Q4)",
    )
    return table


def all_facts() -> pd.DataFrame:
    """``facts.csv`` and ``facts-2024-2025.csv`` together (same schema); an id in both files is an error."""
    first, second = facts(paths.FACTS_CSV), facts(paths.FACTS_2024_CSV)
    clash = second["id"].isin(first["id"])
    fail_at(
        paths.relative(paths.FACTS_2024_CSV), clash, lambda pos: f"id {second['id'].iloc[pos]} is also in facts.csv"
    )
    return pd.concat([first, second], ignore_index=True)


ARTICLE_COLUMNS = ["file", "outlet", "title", "date", "language", "url", "note"]


def articles(path: Path | None = None) -> pd.DataFrame:
    """The five seed articles: file, outlet, title, date, language and address (blank where none was found)."""
    path = path or paths.FACTS / "articles.csv"
    table = csvfiles.read_table(path, ARTICLE_COLUMNS, may_be_blank=("url", "note"))
    where = paths.relative(path)
    fail_at(where, ~table["file"].str.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt"), lambda pos: "file is not a seed name")
    bad_url = (table["url"] != "") & ~table["url"].str.match(r"https?://\S+$")
    fail_at(where, bad_url, lambda pos: f"url {table['url'].iloc[pos]!r} is not an http(s) address")
    return table


URL = re.compile(r"https?://[^\s;,)]+")


def first_url(source: str) -> str:
    """The first http(s) address in a source cell, or '' when it has none."""
    found = URL.search(source)
    return found.group(0) if found else ""
