"""Sourced tables under ``data/``: dated news events and price-file sources."""

from pathlib import Path

import pandas as pd

from analysis import paths
from analysis.errors import DataError

EVENT_COLUMNS = ["date", "ticker", "kind", "event", "timing", "source"]


def read_table(path: Path, columns: list[str], may_be_blank: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read a CSV, check it has the columns and that no cell outside ``may_be_blank`` is empty."""
    where = paths.relative(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise DataError(f"{where}: file not found") from None
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as exc:
        raise DataError(f"{where}: unreadable CSV ({str(exc).splitlines()[0]})") from None
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise DataError(f"{where}: missing column(s) {', '.join(missing)}")
    for col in (c for c in columns if c not in may_be_blank):
        blank = table[col].str.strip() == ""
        if blank.any():
            raise DataError(f"{where} line {int(blank.to_numpy().argmax()) + 2}: empty {col}")
    return table


def events(path: Path = paths.EVENTS_CSV) -> pd.DataFrame:
    """The dated news events of the period, each with its source, sorted by date."""
    table = read_table(path, EVENT_COLUMNS)
    dates = pd.to_datetime(table["date"], format="%Y-%m-%d", errors="coerce")
    if dates.isna().any():
        pos = int(dates.isna().to_numpy().argmax())
        raise DataError(f"{paths.relative(path)} line {pos + 2}: date {table['date'].iloc[pos]!r} is not YYYY-MM-DD")
    table["date"] = dates
    return table.sort_values(["date", "ticker"], kind="stable").reset_index(drop=True)


def price_sources(path: Path = paths.PRICES / "sources.csv") -> pd.DataFrame:
    """Where each ticker's bundled bars come from, by period."""
    return read_table(path, ["ticker", "period", "primary_source", "price_basis", "provenance"])


FACT_COLUMNS = ["id", "area", "metric", "period", "value", "unit", "source", "quote_or_context", "confidence"]
CONFIDENCE = {"high", "medium", "low", "derived"}


def facts(path: Path = paths.FACTS_CSV) -> pd.DataFrame:
    """The sourced business figures (areas A-F of ``SOURCES.md``), values kept as the sources state them."""
    table = read_table(path, FACT_COLUMNS)
    where = paths.relative(path)
    dup = table["id"].duplicated()
    if dup.any():
        raise DataError(f"{where} line {int(dup.to_numpy().argmax()) + 2}: duplicate id {table['id'][dup].iloc[0]}")
    bad = ~table["confidence"].isin(CONFIDENCE)
    if bad.any():
        pos = int(bad.to_numpy().argmax())
        raise DataError(
            f"{where} line {pos + 2}: confidence {table['confidence'].iloc[pos]!r} is not one of {sorted(CONFIDENCE)}"
        )
    return table
