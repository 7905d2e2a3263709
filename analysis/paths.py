"""Every path the project uses, from the project root."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
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


def relative(path: Path) -> str:
    """A path as shown to users: relative to the project root when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
