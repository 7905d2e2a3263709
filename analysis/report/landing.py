"""The report's landing page: the answer as of the data's last day (each page's answer paragraph, as its executed
outputs give it), the question, each page's one-line answer, and a link to every page."""

import html
import json

import nbformat
import pandas as pd

from analysis import case, fmt


def _stored(nb: nbformat.NotebookNode, key: str) -> str | None:
    """A value the page stored with ``fmt.markdown(..., key=...)`` in an output's metadata, or None."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            value = output.get("metadata", {}).get("text/markdown", {}).get(key)  # IPython nests it by type
            if value:
                return value
    return None


def headline(nb: nbformat.NotebookNode) -> str | None:
    """The page's one-line answer, as its executed outputs give it (``fmt.markdown(..., headline=...)``)."""
    return _stored(nb, fmt.HEADLINE)


def answer(nb: nbformat.NotebookNode) -> str | None:
    """The page's answer paragraph(s) for the index (``fmt.markdown(..., answer=...)``): Markdown."""
    return _stored(nb, fmt.ANSWER)


def as_of() -> str:
    """The last session in the bundled prices: the date the answers speak as of."""
    from analysis.data import prices

    return str(prices.panel(prices.available_tickers()).index[-1].date())


def answer_markdown(answers: list[str], day: str) -> str:
    """The answer section as Markdown for the README: a heading, then each page's paragraph(s), dollar signs escaped
    so that a repository's web view does not typeset amounts as maths."""
    body = "\n\n".join(a.replace("$", "\\$") for a in answers)
    return f"## The answer, as of {day}\n\n{body}\n"


def _html(text: str) -> str:
    """A page's answer Markdown as HTML (mistune, the renderer nbconvert uses; raw HTML in the text is escaped)."""
    import mistune

    return mistune.create_markdown(escape=True)(text)


def _built_with(parameters: dict) -> str:
    """'<p class="params">Built with non-default parameters: ...</p>' for a page built with some, else ''."""
    if not parameters:
        return ""
    values = "; ".join(f"{k} = {json.dumps(v)}" for k, v in parameters.items())
    return f'<p class="params">Built with non-default parameters: {html.escape(values)}</p>'


def index_page(pages: list, day: str) -> str:
    """A landing page: the answer as of ``day``, the question, the headline numbers, and a link to every page
    (``build.Page``: href, title, summary, headline, answer, parameters), each page's parameters when not the
    defaults."""
    items = "\n".join(
        f'<li><a href="{html.escape(p.href)}">{html.escape(p.title)}</a>{_built_with(p.parameters)}'
        f"<p>{html.escape(p.summary)}</p></li>"
        for p in pages
    )
    heads = "\n".join(f"<li>{html.escape(p.headline)}</li>" for p in pages if p.headline)
    answers = [p.answer for p in pages if p.answer]
    month = pd.Timestamp(case.ANNOUNCEMENT).strftime("%B %Y")
    said = "\n".join(_html(a) for a in answers) or "<p>No page of this build gives an answer.</p>"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tesla enters the data-center business: report</title>
<style>body{{font-family:Helvetica,Arial,sans-serif;max-width:820px;margin:3em auto;line-height:1.5;color:#222}}
a{{color:#cc0000;font-weight:bold}} li p{{margin:.2em 0 1em}} .heads li{{margin:.3em 0}}
.params{{background:#fff4e5;border-left:4px solid #ff9900;padding:.3em .6em}}</style></head><body>
<h1>Tesla enters the data-center business ({month})</h1>
<h2>The answer, as of {html.escape(day)}</h2>
{said}
<h2>The question</h2>
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
