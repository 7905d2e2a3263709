"""Charts a reader can read: every figure of every committed notebook drawn in headless Chromium at 800 and 1400
pixels wide, and the text labels inside each chart (event numbers, annotations, point labels) measured: no two
overlap. Every multi-series figure has a legend, and every axis a title."""

import json

import nbformat
import plotly.io as pio
import pytest

from analysis.data import paths
from analysis.report import execute, export
from tests.helpers import Browser, needs_chromium

NOTEBOOKS = [p.stem for p in execute.notebooks()]
BOXES = """
Array.from(document.querySelectorAll('.js-plotly-plot')).map(plot => {
  const labels = Array.from(plot.querySelectorAll('.annotation-text, .textpoint text'))
    .filter(e => e.textContent.trim())
    .map(e => { const r = e.getBoundingClientRect(); return [e.textContent, r.left, r.top, r.right, r.bottom]; });
  return [plot.querySelector('.gtitle') ? plot.querySelector('.gtitle').textContent : '', labels];
})
"""


def figures(name: str) -> list[dict]:
    nb = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", as_version=4)
    return [o["data"][export.PLOTLY_MIME] for c in nb.cells for o in c.get("outputs", []) if export.PLOTLY_MIME in
            o.get("data", {})]  # fmt: skip


def overlaps(labels: list) -> list[tuple[str, str]]:
    """Pairs of label boxes that share more than a pixel in both directions."""
    found = []
    for i, (a, l1, t1, r1, b1) in enumerate(labels):
        for b, l2, t2, r2, b2 in labels[i + 1 :]:
            if min(r1, r2) - max(l1, l2) > 1 and min(b1, b2) - max(t1, t2) > 1:
                found.append((a, b))
    return found


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("figures")
    export.write_plotly_js(folder)
    out = {}
    for name in NOTEBOOKS:
        divs = [pio.to_html({k: v for k, v in f.items() if k != "config"}, include_plotlyjs=False, full_html=False,
                            default_width="100%", div_id=f"f{i}") for i, f in enumerate(figures(name))]  # fmt: skip
        page = folder / f"{name}.html"
        page.write_text(f'<html><head><script src="{export.PLOTLY_JS}"></script></head><body style="margin:8px">'
                        + "".join(divs) + "</body></html>")  # fmt: skip
        out[name] = page
    return out


@needs_chromium
@pytest.mark.parametrize("width", [800, 1400])
def test_no_two_labels_overlap(pages, width, tmp_path):
    browser = Browser(tmp_path / "profile", width)
    try:
        browser.call("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1, mobile=False)
        for name, page in pages.items():
            browser.call("Page.navigate", url=page.as_uri())
            count = len(figures(name))
            browser.wait(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {count}", 60)
            for title, labels in browser.js(BOXES):
                clash = overlaps(labels)
                assert not clash, f"{name} at {width} px, '{title}': {clash[:4]}"
    finally:
        browser.close()


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_multi_series_chart_has_a_legend_and_every_axis_a_title(name):
    for fig in figures(name):
        layout, named = fig.get("layout", {}), [t for t in fig.get("data", []) if t.get("showlegend", True)]
        title = layout.get("title", {}).get("text", "")
        if len(named) > 1:
            assert layout.get("showlegend", True), f"{name} '{title}': no legend"
        for axis in ("xaxis", "yaxis"):
            text = layout.get(axis, {}).get("title", {}).get("text")
            assert text, f"{name} '{title}': {axis} has no title ({json.dumps(layout.get(axis, {}))[:80]})"
