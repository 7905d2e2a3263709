"""Execute the notebooks offline and publish them as standalone HTML pages.

Notebooks run with plotly's default renderer, which stores each figure as JSON only: small, deterministic,
what nbval compares and what JupyterLab draws. For the HTML page each figure's JSON becomes a ``<div>`` drawn
by ``Plotly.newPlot`` with plotly.js embedded once in the page head, so charts render from ``file://`` with
no network and no CDN.
"""

import copy
import html
import json
import math
import os
import re
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import nbformat

from analysis import paths
from analysis.errors import UserError

KERNEL = "python3"
STATIC_ENV = "ANALYSIS_STATIC_CHARTS"  # as in analysis.charts (not imported here: it loads plotly)
TEMPLATES = Path(__file__).parent / "templates"


@contextmanager
def _default_renderer(static: bool = True):
    """Kernels started inside the block use the project's renderer (figure JSON, plus a PNG when ``static``),
    whatever plotly renderer the user set."""
    before = os.environ.pop("PLOTLY_RENDERER", None)
    was = os.environ.get(STATIC_ENV)
    os.environ[STATIC_ENV] = "1" if static else "0"
    try:
        yield
    finally:
        if before is not None:
            os.environ["PLOTLY_RENDERER"] = before
        if was is None:
            os.environ.pop(STATIC_ENV, None)
        else:
            os.environ[STATIC_ENV] = was


def notebooks(folder: Path | None = None, only: list[str] | None = None) -> list[Path]:
    """The notebooks in reading order, optionally those whose name starts with one of ``only``."""
    folder = folder or paths.NOTEBOOKS
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
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    with _default_renderer():
        client = NotebookClient(
            nb,
            kernel_name=KERNEL,
            timeout=600,
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        try:
            client.execute()
        except CellExecutionError as exc:
            failed = next(
                (c for c in nb.cells if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None
            )
            where = f"cell {failed.execution_count}" if failed is not None else "a cell"
            raise UserError(
                f"{path.name} failed in {where}: {exc.ename}: {exc.evalue}; the notebook was not saved"
            ) from None
    nbformat.write(nb, path)


def execute_for_report(path: Path, out_dir: Path, parameters: dict) -> nbformat.NotebookNode:
    """Execute a copy of a notebook with papermill (parameters injected)."""
    import papermill

    executed = out_dir / "executed" / path.name
    executed.parent.mkdir(parents=True, exist_ok=True)
    with _default_renderer(static=False):  # the pages draw from the JSON
        try:
            return papermill.execute_notebook(
                str(path),
                str(executed),
                parameters=parameters,
                kernel_name=KERNEL,
                cwd=str(path.parent),
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,  # one write at the end, not one per cell
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


PLOTLY_JS = "plotly.min.js"  # one copy beside the pages, loaded from file:// with no network


def write_plotly_js(out_dir: Path) -> Path:
    """The plotly.js of the installed plotly package, written once beside the pages (skipped when unchanged)."""
    import plotly.offline

    code = plotly.offline.get_plotlyjs()
    target = out_dir / PLOTLY_JS
    if not target.exists() or target.read_text(encoding="utf-8") != code:
        _write_whole(target, code)
    return target


def to_html(nb: nbformat.NotebookNode, page_title: str) -> str:
    """An HTML page of the outputs (code hidden) that loads plotly.js from the shared file beside it."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(extra_template_basedirs=[str(TEMPLATES)], template_name="offline")
    exporter.exclude_input = True
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    resources = {"metadata": {"name": page_title}, "plotly_js_file": PLOTLY_JS}
    body, _ = exporter.from_notebook_node(_figures_as_html(nb), resources=resources)
    return re.sub(r'href="(\d\d_[\w-]+)\.ipynb"', r'href="\1.html"', body)


def summary(nb: nbformat.NotebookNode) -> str:
    """The first paragraph after a notebook's title, as plain text."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            paragraphs = [p for p in cell.source.split("\n\n") if p.strip() and not p.startswith("#")]
            if paragraphs:
                return " ".join(paragraphs[0].replace("`", "").split())
    return ""


def notebook_defaults(path: Path) -> dict:
    """The default values of a notebook's ``parameters`` cell (papermill's reading, values as Python literals)."""
    import ast

    import papermill

    return {name: ast.literal_eval(p["default"]) for name, p in papermill.inspect_notebook(str(path)).items()}


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
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Tesla enters the data-center business: report</title>
<style>body{{font-family:Helvetica,Arial,sans-serif;max-width:820px;margin:3em auto;line-height:1.5;color:#222}}
a{{color:#cc0000;font-weight:bold}} li p{{margin:.2em 0 1em}} .heads li{{margin:.3em 0}}</style></head><body>
<h1>Tesla enters the data-center business (August 2023)</h1>
<p>In August 2023 the news said Tesla would build a "first of its kind" data center, entering a market "worth over
$250 billion" led by Amazon Web Services. These pages check the claims against sourced data: how big that market is,
where AWS's $22.1B quarter sits in its history, whether TSLA or AMZN shares reacted, and whether Tesla's compute
milestones of 2023–2025 ever moved them.</p>
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


def build(out_dir: Path | None = None, only: list[str] | None = None, parameters: dict | None = None) -> list[Path]:
    """Execute the notebooks (two at a time) and write one HTML page each plus ``index.html``; returns the pages.

    Only one build writes to a folder at a time, pages are written whole (beside the target, then renamed), and no
    refresh can replace a price file while the build runs."""
    from analysis import locks

    out_dir = out_dir or paths.REPORT
    sources = notebooks(only=only)
    shares = _split(sources, parameters or {})
    check_loopback()
    out_dir.mkdir(parents=True, exist_ok=True)
    busy = f"another report build is writing to {paths.relative(out_dir)}; wait for it or choose another --out"
    with (
        locks.held(out_dir / ".build.lock", wait=False, busy=busy),
        locks.held(locks.data_lock(), shared=True),
    ):
        return _build(out_dir, sources, shares)


def check_loopback() -> None:
    """Kernels talk to this process over 127.0.0.1: fail in one line, at once, where that cannot work."""
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
            server.bind(("127.0.0.1", 0))
            server.listen(1)
            with socket.create_connection(server.getsockname(), timeout=2):
                pass
    except OSError as exc:
        raise UserError(
            "notebook kernels need the loopback interface 127.0.0.1, which does not answer here "
            f"({exc.strerror or exc}); bring it up (e.g. ip link set lo up) and run again"
        ) from None


def _write_whole(target: Path, text: str) -> None:
    """Write a file beside its target and rename it into place, so no reader sees half a page."""
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)


def _build(out_dir: Path, sources: list[Path], shares: dict[Path, dict]) -> list[Path]:
    """The build itself, under the locks of :func:`build`."""
    write_plotly_js(out_dir)
    total = len(sources)
    done = []
    lock = threading.Lock()
    print(f"executing {total} notebook(s), two at a time ...", file=sys.stderr, flush=True)

    def page(path: Path) -> tuple[Path, tuple[str, str, str], str | None]:
        start = time.perf_counter()
        nb = execute_for_report(path, out_dir, shares[path])
        name = title(nb, path.stem)
        target = out_dir / f"{path.stem}.html"
        _write_whole(target, to_html(nb, name))
        with lock:  # one numbered line per finished page, in the order they finish
            done.append(path)
            print(
                f"[{len(done)}/{total}] wrote {paths.relative(target)} ({time.perf_counter() - start:.0f} s)",
                file=sys.stderr,
                flush=True,
            )
        return target, (target.name, name, summary(nb)), headline(nb)

    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        results = list(pool.map(page, sources))
    lines = [r[2] for r in results if r[2]]  # from the pages as built, so they follow the parameters
    _write_whole(out_dir / "index.html", index_page([r[1] for r in results], lines))
    return [r[0] for r in results]


def parameter_names(path: Path) -> set[str]:
    """The names a notebook's ``parameters`` cell defines (papermill's own reading of the cell)."""
    import papermill

    return set(papermill.inspect_notebook(str(path)))


def _split(sources: list[Path], parameters: dict) -> dict[Path, dict]:
    """Each notebook's share of ``parameters``; an error for a name that no selected notebook takes."""
    names = {path: parameter_names(path) for path in sources} if parameters else {path: set() for path in sources}
    unknown = sorted(set(parameters) - set().union(*names.values()))
    if unknown:
        known = "; ".join(f"{p.stem}: {', '.join(sorted(n))}" for p, n in names.items())
        raise UserError(f"no selected notebook takes parameter(s) {', '.join(unknown)} ({known})")
    shares = {path: {k: v for k, v in parameters.items() if k in names[path]} for path in sources}
    for path, share in shares.items():
        if share:
            check_types(path, share)
    return shares


def parse_parameter(text: str) -> tuple[str, object]:
    """``NAME=VALUE`` with VALUE read as JSON when it parses (numbers, lists), else as a string."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip().isidentifier():
        raise UserError(f"parameter {text!r} must look like NAME=VALUE")
    if len(value) > 10_000:
        raise UserError(f"parameter {name.strip()} is {len(value)} characters long; the limit is 10,000")
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        return name.strip(), value
    except RecursionError:
        raise UserError(f"parameter {name.strip()} is nested too deeply") from None
    _check_finite(name.strip(), parsed)
    return name.strip(), parsed


def _check_finite(name: str, value: object, depth: int = 0) -> None:
    """Numbers in a parameter must be finite (JSON lets NaN and Infinity through); nesting at most 3 deep."""
    if depth > 3:
        raise UserError(f"parameter {name} is nested too deeply (at most a list of lists)")
    if isinstance(value, float) and not math.isfinite(value):
        raise UserError(f"parameter {name} must be a finite number, got {value}")
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    for item in items:
        _check_finite(name, item, depth + 1)


def _kind(value: object) -> str:
    """The kind of a parameter value, as a user would name it."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "mapping"
    return type(value).__name__


def check_types(path: Path, parameters: dict) -> None:
    """Each parameter must be of the kind of the notebook's default (a number for a number, a list for a list):
    checked before a kernel starts, so a wrong value is one line, not a failure deep inside the notebook."""
    defaults = notebook_defaults(path)
    for name, value in parameters.items():
        want, got = _kind(defaults[name]), _kind(value)
        if want != got:
            raise UserError(
                f"parameter {name} of {path.stem} takes a {want} like {json.dumps(defaults[name])}, got {got} "
                f"{json.dumps(value)[:60]}"
            )


def figure_png(fig, path: Path, width: int = 1100, height: int = 520) -> Path:
    """Render a figure to PNG with headless Chromium (Debian's ``chromium``), offline."""
    import shutil
    import subprocess
    import tempfile

    import plotly.io as pio

    browser = shutil.which("chromium")
    if browser is None:
        raise UserError("making a PNG needs chromium (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "figure.html"
        fig.update_layout(width=width, height=height)
        page.write_text(pio.to_html(fig, include_plotlyjs=True, full_html=True, config={"displayModeBar": False}))
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", f"--user-data-dir={tmp}/profile",
            f"--window-size={width},{height}", "--virtual-time-budget=5000", f"--screenshot={path.resolve()}",
            page.as_uri(),
        ]  # fmt: skip
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(command, capture_output=True, check=True, timeout=120)
    return path
