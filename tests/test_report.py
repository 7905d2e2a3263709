"""The report: offline HTML pages with plotly.js embedded and every figure drawn from its stored JSON."""

import re

import nbformat
import pytest

from analysis import paths, report


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    pages = report.build(out, only=["00"])
    return out, pages


def test_report_writes_page_and_index(built):
    out, pages = built
    assert [p.name for p in pages] == ["00_data_overview.html"]
    index = (out / "index.html").read_text()
    assert 'href="00_data_overview.html"' in index


def test_page_is_offline_and_draws_every_figure(built):
    out, _ = built
    page = (out / "00_data_overview.html").read_text()
    assert not re.findall(r"<script[^>]+src=", page), "a page must not load scripts from elsewhere"
    assert not re.findall(r'<link[^>]+href="https?:', page), "a page must not load styles from elsewhere"
    stored = nbformat.read(paths.NOTEBOOKS / "00_data_overview.ipynb", as_version=4)
    figures = sum(report.PLOTLY_MIME in o.get("data", {}) for c in stored.cells for o in c.get("outputs", []))
    assert figures >= 1
    assert page.count("Plotly.newPlot(") == figures
    assert "<title>00 · Data overview" in page
    assert "import " not in re.sub(r"<script.*?</script>", "", page, flags=re.S), "code cells must be hidden"


def test_figures_as_html_uses_fixed_ids():
    nb = nbformat.read(paths.NOTEBOOKS / "00_data_overview.ipynb", as_version=4)
    first = report._figures_as_html(nb)
    second = report._figures_as_html(nb)
    html = [
        o["data"]["text/html"] for c in first.cells for o in c.get("outputs", []) if "text/html" in o.get("data", {})
    ]
    assert any('id="figure-1"' in h for h in html)
    assert nbformat.writes(first) == nbformat.writes(second)
