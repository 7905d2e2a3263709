"""Tables for people: no meaningless index, "—" for a missing value, numbers with units and sensible precision,
sources as links (full address in the link, short text shown), every text from the data escaped.

One helper, :func:`show`, renders every table of the notebooks as Markdown, which JupyterLab, a repository's web
view, nbconvert and the report all display.
"""

import re

import pandas as pd

from analysis import fmt
from analysis.data.facts import URL

FORMATS = {
    "pct": lambda v: fmt.pct(v),
    "pct0": lambda v: fmt.pct(v, signed=False),
    "pp": lambda v: fmt.pp(v),
    "pct2": lambda v: fmt.pct(v, 2, signed=False),
    "usd_bn": lambda v: fmt.usd_bn(v),
    "usd": lambda v: f"${v:,.2f}",
    "num2": lambda v: f"{v:,.2f}",
    "num4": lambda v: f"{v:.4f}",
    "int": lambda v: f"{v:,.0f}",
    "g": lambda v: f"{v:,g}",
    "t": lambda v: f"{v:+.2f}",
    "p": lambda v: f"{v:.3f}",
    "z": lambda v: f"{v:+.2f}",
    "times": lambda v: f"{v:.2f}×",
    "yes": lambda v: "yes" if v else "no",
}


def source_links(text: object) -> str:
    """A source cell as Markdown links: each part's words as the link text, its address as the target."""
    if not isinstance(text, str) or not text.strip():
        return "—"
    parts = []
    for part in re.split(r"\s+;\s+|;\s+(?=\S+\s+https?://)", text):
        url = URL.search(part)
        if not url:
            parts.append(fmt.md_text(part))
            continue
        label = (part[: url.start()] + part[url.end() :]).strip(" ,;:-") or re.sub(
            r"^https?://(www\.)?", "", url.group(0)
        ).split("/")[0]
        parts.append(fmt.md_link(label, url.group(0)))
    return "; ".join(parts)


def show(
    frame: pd.DataFrame,
    formats: dict[str, str] | None = None,
    names: dict[str, str] | None = None,
    sources: tuple[str, ...] = ("source",),
):
    """A frame as a table for people: a named index becomes the first column(s), a plain 0..n index is dropped,
    two-level column labels are joined, ``formats`` (keys of :data:`FORMATS`) format number columns, ``names``
    renames columns for display, and ``sources`` columns become links."""
    table = frame.copy()
    if isinstance(table.columns, pd.MultiIndex):
        table.columns = [" · ".join(str(p) for p in c if str(p)) for c in table.columns]
    named = any(n is not None for n in table.index.names)
    table = table.reset_index() if named else table.reset_index(drop=True)
    for column, kind in (formats or {}).items():
        table[column] = [FORMATS[kind](v) if _present(v) else "—" for v in table[column]]
    safe = []
    for column in sources:
        if column in table.columns:
            table[column] = [source_links(v) for v in table[column]]
            safe.append(column)
    table = table.rename(columns=names or {})
    safe = [(names or {}).get(c, c) for c in safe]
    return fmt.markdown(fmt.md_table(table.astype(object), safe=tuple(safe)))


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value))


def stars(p_value: float) -> str:
    """Significance marks: *** p<0.01, ** p<0.05, * p<0.10."""
    return "***" if p_value < 0.01 else "**" if p_value < 0.05 else "*" if p_value < 0.10 else ""
