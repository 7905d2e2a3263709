"""Charts that show where no kernel runs: every chart output of a committed notebook carries a PNG beside its
plotly JSON, plain nbconvert shows it, and the renderer draws it with the system browser or says what is missing."""

import nbformat

from analysis.data import paths
from analysis.report import execute, export
from tests.helpers import needs_chromium

NOTEBOOKS = [p.stem for p in execute.notebooks()]


def test_committed_notebooks_show_every_chart_as_an_image_in_plain_nbconvert():
    """A viewer without plotly (plain nbconvert, a repository's web view) falls back to the stored PNG: every chart
    cell of every committed notebook, exported together in one pass of nbconvert's HTML exporter."""
    from nbconvert import HTMLExporter
    from nbformat.v4 import new_notebook

    cells = []
    for name in NOTEBOOKS:
        nb = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", as_version=4)
        charts = [o for c in nb.cells for o in c.get("outputs", []) if export.PLOTLY_MIME in o.get("data", {})]
        assert charts and all("image/png" in o["data"] for o in charts), f"{name}: a chart has no PNG"
        cells += [
            nbformat.from_dict({**c, "id": f"{name[:2]}-{c.id}"})
            for c in nb.cells
            if any(o in charts for o in c.get("outputs", []))
        ]
    body, _ = HTMLExporter().from_notebook_node(new_notebook(cells=cells, metadata=nb.metadata))
    shown = sum(export.PLOTLY_MIME in o.get("data", {}) for c in cells for o in c.outputs)
    assert body.count('src="data:image/png;base64,') == shown


def test_static_fallback_renderer(monkeypatch):
    import plotly.graph_objects as go

    from analysis.present.charts import render

    fig = render.Chart(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])))
    monkeypatch.setenv(render.STATIC_ENV, "0")
    assert set(fig.bundle()) == {export.PLOTLY_MIME}
    monkeypatch.setenv(render.STATIC_ENV, "1")
    monkeypatch.setitem(render._static, "failed", "")

    class Broken:
        @staticmethod
        def start_sync_server(**_):
            raise RuntimeError("Chrome not found")

    monkeypatch.setitem(__import__("sys").modules, "kaleido", Broken)
    monkeypatch.setitem(render._static, "started", False)
    assert set(fig.bundle()) == {export.PLOTLY_MIME}
    assert "Chrome not found" in render._static["failed"]


@needs_chromium
def test_static_fallback_draws_a_png_with_the_system_browser(monkeypatch):
    import plotly.graph_objects as go

    from analysis.present.charts import render

    monkeypatch.setenv(render.STATIC_ENV, "1")
    monkeypatch.setitem(render._static, "failed", "")
    bundle = render.Chart(go.Figure(go.Bar(x=[1], y=[2]))).bundle()
    import base64

    assert base64.b64decode(bundle["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
