"""A user's list of events for a multi-event study: a CSV with ``ticker,date`` and optional ``benchmark,label``.

Every problem is a one-line :class:`~analysis.data.errors.UserError` naming the file and line.
"""

import csv
import difflib
import io
import sys
from pathlib import Path

import pandas as pd

from analysis.data import csvfiles, paths, prices, sessions
from analysis.data.errors import UserError

REQUIRED = ("ticker", "date")
OPTIONAL = ("benchmark", "label")


def _read_text(source: str) -> tuple[str, str]:
    """The text of a file (or of standard input for '-') and the name to use in messages."""
    if source == "-":
        stream = sys.stdin
        try:
            raw = None if stream is None else getattr(stream, "buffer", stream).read()
        except (OSError, ValueError):  # a closed standard input
            raw = None
        if raw is None:
            raise UserError("standard input is closed; give the events with --events FILE or pipe them in")
        if isinstance(raw, str):  # a text stream without bytes underneath (an embedding, a test)
            return raw.removeprefix("\ufeff"), "<stdin>"
        try:
            return raw.decode("utf-8-sig"), "<stdin>"
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise UserError(f"<stdin> line {line}: not UTF-8 text (byte {raw[exc.start]:#04x})") from None
    path = Path(source)
    return csvfiles.text(path), paths.relative(path)


def _column_problem(columns: list[str], where: str) -> None:
    """Raise for missing required columns (suggesting a close spelling) or unknown ones."""
    known = REQUIRED + OPTIONAL
    for need in REQUIRED:
        if need not in columns:
            close = difflib.get_close_matches(need, columns, n=1)
            hint = f" (is {close[0]!r} a misspelling?)" if close else ""
            raise UserError(f"{where} line 1: missing column {need!r}{hint}; expected ticker,date[,benchmark,label]")
    unknown = [c for c in columns if c not in known]
    if unknown:
        close = difflib.get_close_matches(unknown[0], known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise UserError(f"{where} line 1: unknown column {unknown[0]!r}{hint}; expected ticker,date[,benchmark,label]")


def _check_fields(text: str, where: str) -> None:
    """Every row has as many fields as the header (else pandas would read a row with a trailing comma shifted onto
    the header: its date as the ticker)."""
    rows = [(n, r) for n, r in enumerate(csv.reader(io.StringIO(text)), 1) if any(c.strip() for c in r)]
    width = len(rows[0][1]) if rows else 0
    for n, row in rows[1:]:
        if len(row) != width:
            hint = " (a trailing comma?)" if len(row) == width + 1 and not row[-1].strip() else ""
            raise UserError(f"{where} line {n}: {len(row)} fields where the header has {width}{hint}")


def read(source: str, folder: Path | None = None) -> tuple[pd.DataFrame, str]:
    """The events of a file (or '-' for standard input) with a ``line`` column, and the name used in messages.

    Tickers and benchmarks are upper-cased and must have bundled prices; dates must be YYYY-MM-DD; a (ticker, date)
    pair may appear only once.
    """
    text, where = _read_text(source)
    if not text.strip():
        raise UserError(f"{where}: empty file; expected a header ticker,date[,benchmark,label] and one event per line")
    _check_fields(text, where)
    try:
        table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skip_blank_lines=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise UserError(f"{where}: unreadable CSV ({str(exc).splitlines()[0]})") from None
    table.columns = [str(c).strip().lower() for c in table.columns]
    _column_problem(list(table.columns), where)
    if table.empty:
        raise UserError(f"{where}: no events below the header")
    table = table.map(str.strip)
    table["line"] = _file_lines(text, len(table))
    have = set(prices.available_tickers(folder))
    for col in ("ticker", "benchmark"):
        if col not in table.columns:
            continue
        for i, raw in enumerate(table[col]):
            if col == "benchmark" and raw == "":
                continue
            at = f"{where} line {table['line'].iloc[i]}"
            try:
                canon = prices.check_ticker(raw)
            except UserError as exc:
                raise UserError(f"{at}: {exc}") from None
            if canon not in have:
                raise UserError(f"{at}: no bundled prices for {col} {canon} (have: {', '.join(sorted(have))})")
            table.loc[table.index[i], col] = canon
    for i, raw in enumerate(table["date"]):
        try:
            sessions.parse_date(raw, "date")
        except UserError as exc:
            raise UserError(f"{where} line {table['line'].iloc[i]}: {exc}") from None
    dup = table.duplicated(["ticker", "date"], keep=False)
    if dup.any():
        rows = table[dup]
        first = rows.iloc[0]
        twin = rows[(rows["ticker"] == first["ticker"]) & (rows["date"] == first["date"])]["line"].tolist()
        raise UserError(
            f"{where} line {twin[1]}: duplicate event {first['ticker']} {first['date']} (also line {twin[0]})"
        )
    return table.reset_index(drop=True), where


def _file_lines(text: str, n: int) -> list[int]:
    """File line numbers of the data rows: the header is line 1; blank lines are skipped as pandas skips them."""
    lines = [i for i, line in enumerate(text.splitlines(), start=1) if line.strip()]
    return lines[1 : n + 1]
