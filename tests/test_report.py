"""The report: offline HTML pages with plotly.js embedded, every figure drawn from its stored JSON, and every page
opened in headless Chromium with no network (no JavaScript error, every chart rendered)."""

import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from analysis import paths, report
from analysis.errors import UserError

NOTEBOOKS = sorted(p.stem for p in paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def test_one_shared_plotly_js_and_a_small_report(report_dir):
    shared = report_dir / report.PLOTLY_JS
    assert shared.stat().st_size > 1_000_000  # the real library, once
    total = sum(p.stat().st_size for p in report_dir.glob("*") if p.is_file())
    assert total <= 8 * 1024 * 1024, f"report is {total / 1e6:.1f} MB"
    for page in report_dir.glob("0*.html"):
        assert page.stat().st_size < 1_000_000, page.name


def test_report_writes_every_page_and_an_index_with_headlines(report_dir):
    assert sorted(p.stem for p in report_dir.glob("0*.html")) == NOTEBOOKS
    index = (report_dir / "index.html").read_text()
    for name in NOTEBOOKS:
        assert f'href="{name}.html"' in index
    assert "Headline numbers" in index and "median $253.5B" in index and "$22.1B, +12.2%" in index


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_page_is_offline_and_draws_every_figure(report_dir, name):
    page = (report_dir / f"{name}.html").read_text()
    sources = re.findall(r'<script[^>]+src="([^"]*)"', page)
    assert sources == [report.PLOTLY_JS], f"a page loads only the shared plotly.js beside it, not {sources}"
    assert not re.findall(r'<link[^>]+href="https?:', page), "a page must not load styles from elsewhere"
    stored = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", as_version=4)
    figures = sum(report.PLOTLY_MIME in o.get("data", {}) for c in stored.cells for o in c.get("outputs", []))
    assert figures >= 1
    assert page.count("Plotly.newPlot(") == figures
    assert f"<title>{report.title(stored, name)}</title>" in page
    assert '.ipynb"' not in page, "links between notebooks must point at the HTML pages"
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


def test_parameters_pass_through_to_notebook(tmp_path):
    pages = report.build(tmp_path, only=["00"], parameters={"anchor_date": "2024-01-02"})
    page = pages[0].read_text()
    assert "From 2024-01-02 to 2025-12-31" in page


# --- in a real browser ------------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=2000",
    "--dump-dom",
]

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="chromium is not installed (apt-get install chromium)"
)


def open_page(path, profile) -> tuple[str, list[str]]:
    """The page's DOM after its scripts ran, and the JavaScript errors Chromium logged for it."""
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", path.as_uri()]
    if shutil.which("unshare"):
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
        if probe.returncode == 0:
            command = ["unshare", "-n", *command]  # no network at all, where the sandbox allows it
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    errors = [
        line
        for line in done.stderr.splitlines()
        if "CONSOLE" in line and "file://" in line and re.search(r"Uncaught|Error", line)
    ]
    return done.stdout, errors


@pytest.fixture(scope="module")
def opened(report_dir, tmp_path_factory):
    pages = sorted(report_dir.glob("*.html"))
    profiles = [tmp_path_factory.mktemp("chromium") for _ in pages]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(open_page, pages, profiles))
    return {p.name: r for p, r in zip(pages, results, strict=True)}


@needs_chromium
def test_every_page_opens_without_javascript_errors(opened):
    assert "index.html" in opened and len(opened) >= 5
    for name, (dom, errors) in opened.items():
        assert dom.strip(), f"{name}: Chromium returned no DOM"
        assert not errors, f"{name}: {errors}"


@needs_chromium
def test_every_chart_is_rendered(opened, report_dir):
    for name, (dom, _) in opened.items():
        if name == "index.html":
            continue
        expected = (report_dir / name).read_text().count("Plotly.newPlot(")
        drawn = dom.count('class="plotly-graph-div js-plotly-plot"')
        assert expected > 0 and drawn == expected, f"{name}: {drawn} of {expected} charts rendered"
        assert dom.count('class="main-svg"') >= 2 * expected, f"{name}: chart SVG missing"


@needs_chromium
def test_detector_catches_a_broken_page(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text('<html><body><div id="x"></div><script>Plotly.newPlot("x", [])</script></body></html>')
    _, errors = open_page(bad, tmp_path / "profile")
    assert errors and "Plotly is not defined" in errors[0]


def test_unknown_parameter_is_a_user_error(tmp_path):
    with pytest.raises(
        UserError, match=r"no selected notebook takes parameter\(s\) warp .*00_data_overview: anchor_date"
    ):
        report.build(tmp_path, only=["00"], parameters={"warp": 9})
    assert not list(tmp_path.iterdir())


def test_committed_notebooks_show_every_chart_as_an_image_in_plain_nbconvert():
    """A viewer without plotly (plain nbconvert, a repository's web view) falls back to the stored PNG."""
    from nbconvert import HTMLExporter

    for name in NOTEBOOKS:
        nb = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", as_version=4)
        charts = [o for c in nb.cells for o in c.get("outputs", []) if report.PLOTLY_MIME in o.get("data", {})]
        assert charts and all("image/png" in o["data"] for o in charts), f"{name}: a chart has no PNG"
        body, _ = HTMLExporter().from_notebook_node(nb)
        assert body.count('src="data:image/png;base64,') >= len(charts), name


def test_static_fallback_renderer(monkeypatch):
    import plotly.graph_objects as go

    from analysis import charts

    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4])).to_dict()
    monkeypatch.setenv(charts.STATIC_ENV, "0")
    assert set(charts.JsonWithImage().to_mimebundle(dict(fig))) == {report.PLOTLY_MIME}
    monkeypatch.setenv(charts.STATIC_ENV, "1")
    monkeypatch.setitem(charts._static, "failed", "")

    class Broken:
        @staticmethod
        def start_sync_server(**_):
            raise RuntimeError("Chrome not found")

    monkeypatch.setitem(__import__("sys").modules, "kaleido", Broken)
    monkeypatch.setitem(charts._static, "started", False)
    assert set(charts.JsonWithImage().to_mimebundle(dict(fig))) == {report.PLOTLY_MIME}
    assert "Chrome not found" in charts._static["failed"]


@needs_chromium
def test_static_fallback_draws_a_png_with_the_system_browser(monkeypatch):
    import plotly.graph_objects as go

    from analysis import charts

    monkeypatch.setenv(charts.STATIC_ENV, "1")
    monkeypatch.setitem(charts._static, "failed", "")
    bundle = charts.JsonWithImage().to_mimebundle(go.Figure(go.Bar(x=[1], y=[2])).to_dict())
    import base64

    assert base64.b64decode(bundle["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"


HOSTILE = '<script>document.title="PWNED"</script><img src=x onerror="document.title=\'PWNED\'">'


@needs_chromium
def test_hostile_text_in_the_data_is_shown_not_run(tmp_path, monkeypatch):
    """Text from claims.csv, facts.csv and events.csv reaches page 00 escaped: no script runs, no raw tag."""
    import csv

    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data)

    def poison(path, column, row_filter=lambda r: True):
        with open(path, newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            if row_filter(row):
                row[column] = row[column] + " " + HOSTILE
        with open(path, "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)

    poison(data / "claims.csv", "claim")
    poison(data / "facts" / "facts.csv", "value", lambda r: r["id"] == "E002")  # text evidence of a claim
    poison(data / "facts" / "events.csv", "event")
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(data))
    out = tmp_path / "report"
    page = report.build(out, only=["00"])[0]
    html = page.read_text()
    assert "<script>document.title" not in html and "<img src=x" not in html
    dom, errors = open_page(page, tmp_path / "profile")
    assert "PWNED" not in dom.split("</title>")[0] and "<script>document.title" not in dom and not errors
    assert "document.title" in dom  # the text is there, as text


def test_claims_notebook_column_must_name_a_notebook(tmp_path):
    from analysis import claims
    from analysis.errors import DataError

    bad = tmp_path / "claims.csv"
    text = claims.CLAIMS_CSV.read_text().replace(",01_market_size", ",javascript:alert(1)", 1)
    bad.write_text(text)
    with pytest.raises(DataError, match=r"claims\.csv line 2: notebook 'javascript:alert\(1\)' is not a notebook"):
        claims.ledger(bad)


def test_a_second_build_into_the_same_folder_is_refused_at_once(tmp_path):
    from analysis import locks

    with locks.held(tmp_path / ".build.lock"), pytest.raises(UserError, match="another report build is writing"):
        report.build(tmp_path, only=["00"])
    assert not list(tmp_path.glob("*.html"))


def test_refresh_waits_for_a_build_reading_the_prices():
    from analysis import locks

    with (
        locks.held(locks.data_lock(), shared=True),
        pytest.raises(UserError, match="locked"),
        locks.held(locks.data_lock(), wait=False),
    ):
        pass


def test_no_loopback_fails_fast_in_one_line(tmp_path, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise OSError(101, "Network is unreachable")

    monkeypatch.setattr(socket, "create_connection", refuse)
    with pytest.raises(UserError, match=r"loopback interface 127\.0\.0\.1"):
        report.build(tmp_path / "out", only=["00"])
    assert not (tmp_path / "out").exists()


def test_pages_are_written_whole(tmp_path):
    report._write_whole(tmp_path / "page.html", "<html></html>")
    assert (tmp_path / "page.html").read_text() == "<html></html>" and not list(tmp_path.glob(".*.tmp"))


def test_index_headlines_follow_the_parameters_a_page_was_built_with(tmp_path):
    report.build(tmp_path, only=["04"], parameters={"start": "2024-01-01", "end": "2024-12-31"})
    index = (tmp_path / "index.html").read_text()
    assert "milestones 2024, CAAR" in index and "2023–2025, CAAR" not in index


def test_headline_is_read_from_output_metadata():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    nb.cells[0].outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/markdown": "a"}, metadata={"text/markdown": {"headline": "the answer"}}
        )
    ]
    assert report.headline(nb) == "the answer"
    assert report.headline(nbformat.v4.new_notebook()) is None
