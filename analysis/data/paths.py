"""Every path the project uses, from the project root.

The root is the checkout this package sits in; an installed package (a wheel, not ``-e``) takes the folder it is
run from, or ``ANALYSIS_ROOT`` when set. ``ANALYSIS_DATA_DIR`` points the whole package at another copy of
``data/`` (read when the package is imported, so a notebook kernel started with it set reads that copy; the tests
use it for hostile-data checks).
"""

import os
from pathlib import Path

from analysis.data.errors import UserError

PACKAGE = Path(__file__).resolve().parents[1]


def _root() -> Path:
    """The project root: the checkout around the package, else ``ANALYSIS_ROOT``, else the working folder."""
    checkout = PACKAGE.parent
    if (checkout / "notebooks").is_dir() and (checkout / "data").is_dir():
        return checkout
    return Path(os.environ.get("ANALYSIS_ROOT") or Path.cwd()).resolve()


ROOT = _root()
DATA = Path(os.path.abspath(os.environ.get("ANALYSIS_DATA_DIR") or ROOT / "data"))  # a relative one: from here
PRICES = DATA / "prices"
FACTS = DATA / "facts"
FACTS_CSV = FACTS / "facts.csv"
FACTS_2024_CSV = FACTS / "facts-2024-2025.csv"
EVENTS_CSV = FACTS / "events.csv"
REFRESH_LOG = PRICES / "refresh-log.csv"
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"
REPORT = BUILD / "report"
CACHE = BUILD / "cache"
TEMPLATES = PACKAGE / "report" / "templates"  # the report page template (package data)


def claims_csv() -> Path:
    """The claims of the seed articles."""
    return DATA / "claims.csv"


def cloud_table(kind: str) -> Path:
    """The built quarterly cloud table: ``usd`` (amounts) or ``pct`` (percentages)."""
    return DATA / "cloud" / ("quarterly_usd_bn.csv" if kind == "usd" else "quarterly_pct.csv")


def market(name: str) -> Path:
    """A selection table of ``data/market/``."""
    return DATA / "market" / name


def price_folder(folder: Path | None = None) -> Path:
    """``folder`` (default ``PRICES``), which must be an existing folder: one line otherwise (missing, or a symlink
    loop)."""
    folder = folder or PRICES
    if not folder.is_dir():
        raise UserError(f"{folder}: no such price folder (is ANALYSIS_DATA_DIR set to the data folder?)")
    return folder


def relative(path: Path) -> str:
    """A path as shown to users: relative to the project root when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except (ValueError, OSError, RuntimeError):  # outside the project, or unresolvable (a symlink loop)
        return str(path)
