"""Execute the notebooks offline and publish them as standalone HTML pages.

Notebooks run with plotly's default renderer, which stores each figure as JSON only: small, deterministic,
what nbval compares and what JupyterLab draws. For the HTML page each figure's JSON becomes a ``<div>`` drawn
by ``Plotly.newPlot`` with plotly.js embedded once in the page head, so charts render from ``file://`` with
no network and no CDN.
"""

import copy
import html
import json
import os
import sys
from contextlib import contextmanager
from pathlib import Path

import nbformat

from analysis import paths
from analysis.errors import UserError

KERNEL = "python3"
TEMPLATES = Path(__file__).parent / "templates"


@contextmanager
def _default_renderer():
    """Kernels started inside the block use plotly's default renderer (figure JSON), whatever the user set."""
    before = os.environ.pop("PLOTLY_RENDERER", None)
    try:
        yield
    finally:
        if before is not None:
            os.environ["PLOTLY_RENDERER"] = before


def notebooks(folder: Path = paths.NOTEBOOKS, only: list[str] | None = None) -> list[Path]:
    """The notebooks in reading order, optionally those whose name starts with one of ``only``."""
    found = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    if only:
        found = [p for p in found if any(p.name.startswith(o) for o in only)]
        if not found:
            raise UserError(f"no notebook in {paths.relative(folder)} matches {', '.join(only)}")
    return found


def title(nb: nbformat.NotebookNode, fallback: str) -> str:
    """The first markdown heading of a notebook."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return fallback


def run_in_place(path: Path) -> None:
    """Re-execute a committed notebook with the default renderer and save it (for developers)."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with _default_renderer():
        NotebookClient(
            nb, kernel_name=KERNEL, timeout=600, record_timing=False, resources={"metadata": {"path": str(path.parent)}}
        ).execute()
    nbformat.write(nb, path)


def execute_for_report(path: Path, out_dir: Path, parameters: dict) -> nbformat.NotebookNode:
    """Execute a copy of a notebook with papermill (parameters injected)."""
    import papermill

    executed = out_dir / "executed" / path.name
    executed.parent.mkdir(parents=True, exist_ok=True)
    with _default_renderer():
        try:
            return papermill.execute_notebook(
                str(path),
                str(executed),
                parameters=parameters,
                kernel_name=KERNEL,
                cwd=str(path.parent),
                progress_bar=False,
                log_output=False,
            )
        except papermill.PapermillExecutionError as exc:
            raise UserError(f"{path.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}") from None


PLOTLY_MIME = "application/vnd.plotly.v1+json"


def _figures_as_html(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy whose plotly JSON outputs are HTML divs with fixed ids (plotly.js itself is in the page head)."""
    import plotly.io as pio

    nb = copy.deepcopy(nb)
    count = 0
    for cell in nb.cells:
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


def to_html(nb: nbformat.NotebookNode, page_title: str) -> str:
    """A standalone HTML page of the outputs (code hidden), plotly.js embedded once."""
    import plotly.offline
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(extra_template_basedirs=[str(TEMPLATES)], template_name="offline")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    resources = {"metadata": {"name": page_title}, "plotly_js": plotly.offline.get_plotlyjs()}
    body, _ = exporter.from_notebook_node(_figures_as_html(nb), resources=resources)
    return body


def index_page(pages: list[tuple[str, str]]) -> str:
    """A landing page linking every notebook page."""
    items = "\n".join(f'<li><a href="{html.escape(href)}">{html.escape(name)}</a></li>' for href, name in pages)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tesla enters the data-center business: report</title>
<style>body{{font-family:Helvetica,Arial,sans-serif;max-width:760px;margin:3em auto;line-height:1.5;color:#222}}
a{{color:#cc0000}}</style></head><body>
<h1>Tesla enters the data-center business (August 2023)</h1>
<p>Built offline from the bundled data. Each page is a notebook executed by
<code>python -m analysis report</code>; charts are interactive and need no network.</p>
<ol>
{items}
</ol></body></html>
"""


def build(out_dir: Path = paths.REPORT, only: list[str] | None = None, parameters: dict | None = None) -> list[Path]:
    """Execute the notebooks and write one HTML page each plus ``index.html``; returns the pages."""
    sources = notebooks(only=only)
    out_dir.mkdir(parents=True, exist_ok=True)
    pages, written = [], []
    for i, path in enumerate(sources, 1):
        print(f"[{i}/{len(sources)}] executing {path.name} ...", file=sys.stderr, flush=True)
        nb = execute_for_report(path, out_dir, _accepted(path, parameters or {}))
        name = title(nb, path.stem)
        target = out_dir / f"{path.stem}.html"
        target.write_text(to_html(nb, name), encoding="utf-8")
        pages.append((target.name, name))
        written.append(target)
        print(f"[{i}/{len(sources)}] wrote {paths.relative(target)}", file=sys.stderr, flush=True)
    (out_dir / "index.html").write_text(index_page(pages), encoding="utf-8")
    return written


def _accepted(path: Path, parameters: dict) -> dict:
    """The subset of ``parameters`` that a notebook's ``parameters`` cell defines."""
    if not parameters:
        return {}
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    names = {line.split("=")[0].strip() for c in cells for line in c.source.splitlines() if "=" in line}
    return {k: v for k, v in parameters.items() if k in names}


def parse_parameter(text: str) -> tuple[str, object]:
    """``NAME=VALUE`` with VALUE read as JSON when it parses (numbers, lists), else as a string."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise UserError(f"parameter {text!r} must look like NAME=VALUE")
    try:
        return name.strip(), json.loads(value)
    except json.JSONDecodeError:
        return name.strip(), value
