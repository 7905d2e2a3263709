"""Number formatting for tables and narrative text in the notebooks."""

import pandas as pd
from IPython.display import Markdown


def pct(value: float, digits: int = 1, signed: bool = True) -> str:
    """A fraction as a percentage, e.g. 0.1234 -> '+12.3%'."""
    return f"{value * 100:{'+' if signed else ''}.{digits}f}%"


def usd_bn(value: float, digits: int = 1) -> str:
    """USD billions, e.g. 22.1 -> '$22.1B'."""
    return f"${value:,.{digits}f}B"


def percent_columns(table: pd.DataFrame, columns: list[str], digits: int = 1) -> pd.DataFrame:
    """A copy with the given fraction columns shown as percentage strings."""
    out = table.copy()
    for col in dict.fromkeys(columns):
        out[col] = [pct(v, digits) if pd.notna(v) else "" for v in out[col]]
    return out


def pp(value: float, digits: int = 1) -> str:
    """A difference of two fractions in percentage points, e.g. 0.137 -> '+13.7 pp'."""
    return f"{value * 100:+.{digits}f} pp"


def markdown(text: str) -> Markdown:
    """Generated prose for a notebook output; dollar signs escaped so they are not read as maths."""
    return Markdown(text.replace("$", r"\$"))
