"""Every path the project uses, from the project root.

``ANALYSIS_DATA_DIR`` points the whole package at another copy of ``data/`` (read when the package is imported,
so a notebook kernel started with it set reads that copy; the tests use it for hostile-data checks).
"""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("ANALYSIS_DATA_DIR") or ROOT / "data")
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
TEMPLATES = Path(__file__).resolve().parent / "templates"  # the report page template (package data)


def claims_csv() -> Path:
    """The claims of the seed articles."""
    return DATA / "claims.csv"


def cloud_table(kind: str) -> Path:
    """The built quarterly cloud table: ``usd`` (amounts) or ``pct`` (percentages)."""
    return DATA / "cloud" / ("quarterly_usd_bn.csv" if kind == "usd" else "quarterly_pct.csv")


def market(name: str) -> Path:
    """A selection table of ``data/market/``."""
    return DATA / "market" / name


def relative(path: Path) -> str:
    """A path as shown to users: relative to the project root when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
