"""Number formatting for tables and narrative text in the notebooks."""

import html
import re
from urllib.parse import quote

import pandas as pd

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#~])")


def pct(value: float, digits: int = 1, signed: bool = True) -> str:
    """A fraction as a percentage, e.g. 0.1234 -> '+12.3%' (never '-0.0%')."""
    shown = round(value * 100, digits) or 0.0
    return f"{shown:{'+' if signed else ''}.{digits}f}%"


def usd_bn(value: float, digits: int | None = None) -> str:
    """USD billions, e.g. 22.1 -> '$22.1B', 236.098 -> '$236.1B', 250.0 -> '$250B': four significant digits at most
    (thousands separated), or ``digits`` decimals when given."""
    if digits is not None:
        return f"${value:,.{digits}f}B"
    return f"${value:,.0f}B" if abs(value) >= 1000 else f"${value:.4g}B"


def count(value: object) -> str:
    """A stated figure for people: a whole number with thousands separators ('466140' -> '466,140'), anything else
    (a range, 'approx. 15000') as given."""
    try:
        number = float(str(value).replace(",", ""))
    except ValueError:
        return str(value)
    return f"{number:,.0f}" if number.is_integer() and abs(number) >= 1000 else str(value)


def pp(value: float, digits: int = 1) -> str:
    """A difference of two fractions in percentage points, e.g. 0.137 -> '+13.7 pp'."""
    return f"{value * 100:+.{digits}f} pp"


def p_value(p: float) -> str:
    """'= 0.042', or '< 0.001' for a p-value too small to show with three decimals."""
    return "< 0.001" if p < 0.001 else f"= {p:.3f}"


HEADLINE = "headline"  # output metadata key: the page's one-line answer, which the report index shows
ANSWER = "answer"  # output metadata key: the page's answer paragraph, which opens the report index


DOLLAR = "\\\\$"  # Markdown for a literal dollar that no client typesets as maths (see inert_dollars)


def inert_dollars(text: str) -> str:
    r"""Every ``$`` as ``\\$``: Markdown turns the escaped backslash into ``\``, so the rendered text holds ``\$``,
    which MathJax (processEscapes, as JupyterLab, Notebook 7 and nbconvert configure it) shows as a plain dollar
    instead of opening an inline formula; JupyterLab's own maths scan also reads ``\$`` as escaped. (A single
    ``\$`` is not enough: Markdown turns it into a bare ``$`` before MathJax runs.) A page rendered without MathJax
    (the report) undoes it with :func:`plain_dollars`."""
    return text.replace("$", DOLLAR)


def plain_dollars(text: str) -> str:
    """The Markdown of :func:`inert_dollars` back to an escaped dollar, for renderers that run no MathJax."""
    return text.replace(DOLLAR, "\\$")


def markdown(text: str, headline: str | None = None, answer: str | None = None):
    """Generated prose for a notebook output; dollar signs made inert (:func:`inert_dollars`), and ``<`` escaped so that
    no text becomes an HTML tag (text from data files is also escaped with :func:`md_text`). ``headline`` is
    the page's one-line answer, stored in the output's metadata for the report index (it follows the parameters
    the page ran with); ``answer``, its paragraph for the index's opening section, is stored the same way."""
    from IPython.display import Markdown  # notebooks only; the command line need not load IPython

    safe = inert_dollars(text).replace("<", "&lt;")  # no raw HTML from any text, whatever its origin
    meta = {k: v for k, v in ((HEADLINE, headline), (ANSWER, answer)) if v}
    return Markdown(safe, metadata=meta or None)


def md_text(value: object) -> str:
    """Data text made inert in Markdown: HTML characters as entities, Markdown marks escaped, one line."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "—"
    text = html.escape(" ".join(str(value).split()), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_link(text: object, url: object) -> str:
    """A Markdown link when ``url`` is http(s), else the text alone; both escaped."""
    label = md_text(text)
    if not isinstance(url, str) or not re.match(r"^https?://[^\s]+$", url):
        return label
    return f"[{label}]({quote(url, safe=':/?#@!&=+;,%~.-_')})"


def md_table(frame: pd.DataFrame, links: dict[str, str] | None = None, safe: tuple[str, ...] = ()) -> str:
    """A Markdown table of already formatted cells: every cell escaped, missing cells as '—', no index.

    ``links`` maps a column to the column holding its URL (that URL column is not shown); ``safe`` names columns
    whose cells the code built from checked values (Markdown kept as is, never text from a data file).
    """
    links = links or {}
    shown = [c for c in frame.columns if c not in links.values()]
    lines = ["| " + " | ".join(md_text(c) for c in shown) + " |", "|" + "---|" * len(shown)]
    for _, row in frame.iterrows():
        cells = [
            md_link(row[c], row[links[c]]) if c in links else str(row[c]) if c in safe else md_text(row[c])
            for c in shown
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
