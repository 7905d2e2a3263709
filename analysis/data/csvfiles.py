"""Reading a data file safely: a regular file of sensible size, UTF-8 text, errors that name the file and line."""

import io
from pathlib import Path

import pandas as pd

from analysis.data import paths
from analysis.data.errors import DataError, fail_at

MAX_BYTES = 64 * 1024 * 1024  # no bundled table comes near this; a larger "CSV" is not one of ours


def text(path: Path) -> str:
    """The UTF-8 text of a data file, refusing folders, devices, pipes, huge files and undecodable bytes."""
    where = paths.relative(path)
    if not path.exists():
        raise DataError(f"{where}: file not found")
    if path.is_dir():
        raise DataError(f"{where}: is a folder, not a data file")
    if not path.is_file():
        raise DataError(f"{where}: not a regular file (a device, pipe or socket)")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise DataError(f"{where}: {size:,} bytes is too large for a data file (limit {MAX_BYTES:,})")
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(f"{where} line {line}: not UTF-8 text (byte {raw[exc.start]:#04x})") from None


def frame(path: Path, **options) -> pd.DataFrame:
    """A CSV file as a frame of text cells (``pandas.read_csv`` options passed on), read through :func:`text`."""
    where = paths.relative(path)
    body = text(path)
    if not body.strip():
        raise DataError(f"{where}: empty file")
    try:
        table = pd.read_csv(io.StringIO(body), dtype=str, **options)
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as exc:
        raise DataError(f"{where}: unreadable CSV ({str(exc).splitlines()[0]})") from None
    if table.empty:
        raise DataError(f"{where}: no rows below the header")
    return table


def read_table(path: Path, columns: list[str], may_be_blank: tuple[str, ...] = ()) -> pd.DataFrame:
    """Read a CSV, check it has the columns and that no cell outside ``may_be_blank`` is empty."""
    where = paths.relative(path)
    table = frame(path, keep_default_na=False)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise DataError(f"{where}: missing column(s) {', '.join(missing)}")
    for col in (c for c in columns if c not in may_be_blank):
        fail_at(where, table[col].str.strip() == "", f"empty {col}")
    return table
