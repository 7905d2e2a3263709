"""Executed notebooks as standalone HTML pages: code hidden, each figure's stored JSON drawn by ``Plotly.newPlot``
with one shared plotly.js beside the pages, so charts render from ``file://`` with no network and no CDN."""

import copy
import functools
import json
import os
import re
import threading
from pathlib import Path

import nbformat

from analysis import fmt
from analysis.data import paths

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PLOTLY_JS = "plotly.min.js"  # one copy beside the pages, loaded from file:// with no network


def _plain(markdown: str) -> str:
    """A line of notebook Markdown as plain text: escaped dollars as dollars, no code marks."""
    return fmt.plain_dollars(markdown).replace("\\$", "$").replace("`", "")


def title(nb: nbformat.NotebookNode, fallback: str) -> str:
    """The first markdown heading of a notebook, as plain text."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return _plain(line.lstrip("#").strip())
    return fallback


def summary(nb: nbformat.NotebookNode) -> str:
    """The first paragraph after a notebook's title, as plain text."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            paragraphs = [p for p in cell.source.split("\n\n") if p.strip() and not p.startswith("#")]
            if paragraphs:
                return " ".join(_plain(paragraphs[0]).split())
    return ""


def for_the_page(nb: nbformat.NotebookNode, parameters: dict | None = None) -> nbformat.NotebookNode:
    """A copy whose plotly JSON outputs are HTML divs with fixed ids (plotly.js itself is in the page head), whose
    Markdown has plain escaped dollars (the report runs no MathJax: ``fmt.plain_dollars``), and which opens with a
    note of the parameters it was built with when they are not the defaults."""
    import plotly.io as pio

    nb = copy.deepcopy(nb)
    if parameters:
        values = "; ".join(f"`{k}` = {fmt.md_text(json.dumps(v))}" for k, v in parameters.items())
        note = nbformat.v4.new_markdown_cell(f"> **Built with non-default parameters:** {values}")
        nb.cells.insert(1 if nb.cells and nb.cells[0].cell_type == "markdown" else 0, note)
    count = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = fmt.plain_dollars(cell.source)
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown")
            if text is not None:
                output["data"]["text/markdown"] = fmt.plain_dollars("".join(text))
        for output in cell.get("outputs", []):
            spec = output.get("data", {}).get(PLOTLY_MIME)
            if spec is None:
                continue
            count += 1
            spec = dict(spec)
            config = spec.pop("config", None)
            output["data"] = {
                "text/html": pio.to_html(
                    spec,
                    config=config,
                    include_plotlyjs=False,
                    include_mathjax=False,
                    full_html=False,
                    div_id=f"figure-{count}",
                    default_width="100%",
                )
            }
    return nb


def write_plotly_js(out_dir: Path) -> Path:
    """The plotly.js of the installed plotly package, written once beside the pages (skipped when unchanged)."""
    import plotly.offline

    code = plotly.offline.get_plotlyjs()
    target = out_dir / PLOTLY_JS
    if not target.exists() or target.read_text(encoding="utf-8") != code:
        write_whole(target, code)
    return target


@functools.cache
def _exporter():
    """nbconvert's HTML exporter with the offline template and code hidden, built (and its templates compiled) once."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(extra_template_basedirs=[str(paths.TEMPLATES)], template_name="offline")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    return exporter


_exporting = threading.Lock()


def to_html(nb: nbformat.NotebookNode, page_title: str, parameters: dict | None = None) -> str:
    """An HTML page of the outputs (code hidden) that loads plotly.js from the shared file beside it."""
    resources = {"metadata": {"name": page_title}, "plotly_js_file": PLOTLY_JS}
    with _exporting:  # one exporter serves every page of a build, one page at a time
        body, _ = _exporter().from_notebook_node(for_the_page(nb, parameters), resources=resources)
    return re.sub(r'href="(\d\d_[\w-]+)\.ipynb"', r'href="\1.html"', body)


def write_whole(target: Path, text: str) -> None:
    """Write a file beside its target and rename it into place, so no reader sees half a page."""
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
