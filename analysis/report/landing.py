"""The report's landing page: the question, each page's one-line answer as its executed outputs give it, and a
link to every page."""

import html

import nbformat
import pandas as pd

from analysis import case, fmt


def headline(nb: nbformat.NotebookNode) -> str | None:
    """The page's one-line answer, as its executed outputs give it (``fmt.markdown(..., headline=...)``)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            line = output.get("metadata", {}).get("text/markdown", {}).get("headline")  # IPython nests it by type
            if line:
                return line
    return None


def index_page(pages: list[tuple[str, str, str]], lines: list[str]) -> str:
    """A landing page: the question, the headline numbers, and a link to every notebook page."""
    items = "\n".join(
        f'<li><a href="{html.escape(href)}">{html.escape(name)}</a><p>{html.escape(text)}</p></li>'
        for href, name, text in pages
    )
    heads = "\n".join(f"<li>{html.escape(line)}</li>" for line in lines)
    month = pd.Timestamp(case.ANNOUNCEMENT).strftime("%B %Y")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tesla enters the data-center business: report</title>
<style>body{{font-family:Helvetica,Arial,sans-serif;max-width:820px;margin:3em auto;line-height:1.5;color:#222}}
a{{color:#cc0000;font-weight:bold}} li p{{margin:.2em 0 1em}} .heads li{{margin:.3em 0}}</style></head><body>
<h1>Tesla enters the data-center business ({month})</h1>
<p>In {month} the news said Tesla would build a "first of its kind" data center, entering a market "worth over
${case.MARKET_CLAIM_USD_BN:g} billion" led by Amazon Web Services. These pages check the claims against sourced
data: how big that market is, where AWS's {fmt.usd_bn(case.AWS_SALES_USD_BN)} quarter sits in its history, whether
{case.SUBJECT} or {case.INCUMBENT} shares reacted, and whether Tesla's compute milestones of 2023–2025 ever moved
them.</p>
<h2>Headline numbers</h2>
<ul class="heads">
{heads}
</ul>
<h2>Pages</h2>
<ol>
{items}
</ol>
<p><small>Built offline from the bundled data by <code>python -m analysis report</code>; charts are interactive
and need no network.</small></p></body></html>
"""
