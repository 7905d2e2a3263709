"""The report: offline HTML pages with one shared plotly.js, every figure drawn from its stored JSON, every page
opened in headless Chromium with no network (no JavaScript error, every chart rendered); and every notebook rerun
with non-default parameters (the same build), its output following them."""

import re
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from analysis.data import paths
from analysis.data.errors import UserError
from analysis.report import build, execute, export, landing
from analysis.report import parameters as notebook_parameters
from tests.helpers import NOT_RERUN, RERUNS, needs_chromium, open_page

NOTEBOOKS = [p.stem for p in execute.notebooks()]


def test_one_shared_plotly_js_and_a_small_report(report_dir):
    shared = report_dir / export.PLOTLY_JS
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
    assert "Headline numbers" in index and "median $260B, against the $300B claim" in index
    assert index.index("The answer, as of") < index.index("Headline numbers")
    assert "AWS 2024Q2: $26.3B" in index  # the headlines follow the parameters the pages were built with
    assert "TSLA milestones 2024; over the" in index and "milestones 2023–2025;" not in index


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_dollar_amounts_read_plainly_in_the_report(report_dir, name):
    """The report runs no MathJax, so the Markdown's inert dollars become plain ones (fmt.plain_dollars)."""
    page = (report_dir / f"{name}.html").read_text()
    text = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    found = [text[max(0, m.start() - 80) : m.end() + 20] for m in re.finditer(r"\\\$", text)]
    assert not found, (name, found[:3])
    if name.startswith(("01", "02")):  # pages whose text always holds amounts
        assert re.search(r"\$\d", text), name


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_page_is_offline_and_draws_every_figure(report_dir, name):
    page = (report_dir / f"{name}.html").read_text()
    sources = re.findall(r'<script[^>]+src="([^"]*)"', page)
    assert sources == [export.PLOTLY_JS], f"a page loads only the shared plotly.js beside it, not {sources}"
    assert not re.findall(r'<link[^>]+href="https?:', page), "a page must not load styles from elsewhere"
    stored = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", as_version=4)
    figures = sum(export.PLOTLY_MIME in o.get("data", {}) for c in stored.cells for o in c.get("outputs", []))
    assert figures >= 1
    assert page.count("Plotly.newPlot(") == figures
    assert f"<title>{export.title(stored, name)}</title>" in page
    assert '.ipynb"' not in page, "links between notebooks must point at the HTML pages"
    assert "import " not in re.sub(r"<script.*?</script>", "", page, flags=re.S), "code cells must be hidden"


def test_pages_use_fixed_figure_ids():
    nb = nbformat.read(paths.NOTEBOOKS / "00_data_overview.ipynb", as_version=4)
    first = export.for_the_page(nb)
    second = export.for_the_page(nb)
    html = [
        o["data"]["text/html"] for c in first.cells for o in c.get("outputs", []) if "text/html" in o.get("data", {})
    ]
    assert any('id="figure-1"' in h for h in html)
    assert nbformat.writes(first) == nbformat.writes(second)


def test_parameters_pass_through_to_notebook(report_dir):
    page = (report_dir / "00_data_overview.html").read_text()
    assert "From 2024-01-02 to 2025-12-31" in page


# --- in a real browser ------------------------------------------------------------------------------------


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
def test_hostile_text_in_the_data_is_shown_not_run(opened, report_dir):
    """The session's build read data with a script payload in every free-text column that reaches a page
    (``tests.helpers.poison_text``): no page holds the raw tag, no script ran, and the payload is shown as text on
    the pages that carry those columns (00: claims, evidence, articles, price sources; 03 and 04: events)."""
    for name, (dom, errors) in opened.items():
        html = (report_dir / name).read_text()
        assert "<script>document.title" not in html and "<img src=x" not in html, name
        assert not re.search(r"href=[\"']?\s*javascript:", html, re.I), f"{name}: a live javascript: link"
        assert "PWNED" not in dom.split("</title>")[0] and "<script>document.title" not in dom, name
        assert not errors, (name, errors)
    for name in ("00_data_overview.html", "01_market_size.html", "03_announcement_event_study.html",
                 "04_compute_story.html"):  # fmt: skip
        assert "document.title" in opened[name][0], f"{name}: the payload is not shown as text"


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
        build.build(tmp_path, only=["00"], parameters={"warp": 9})
    assert not list(tmp_path.iterdir())


def test_headline_is_read_from_output_metadata():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x")])
    nb.cells[0].outputs = [
        nbformat.v4.new_output(
            "display_data", data={"text/markdown": "a"}, metadata={"text/markdown": {"headline": "the answer"}}
        )
    ]
    assert landing.headline(nb) == "the answer"
    assert landing.headline(nbformat.v4.new_notebook()) is None


# --- every notebook rerun with non-default parameters (the session's report build, tests/conftest.py) -------------


@pytest.fixture(scope="module")
def reruns(report_dir):
    """The notebooks as the session's report build executed them, with the non-default parameters."""
    return {p.stem: nbformat.read(p, as_version=4) for p in sorted((report_dir / "executed").glob("*.ipynb"))}


def text_of(nb: nbformat.NotebookNode) -> str:
    """All markdown and plain-text outputs of a notebook, and the figure titles."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts.append(data.get("text/markdown", "") or data.get("text/plain", ""))
            fig = data.get(export.PLOTLY_MIME)
            if fig:
                parts.append(str(fig.get("layout", {}).get("title", {}).get("text", "")))
    return "\n".join(parts)


def test_the_rerun_changes_every_parameter_of_every_notebook():
    taken = {n: set(notebook_parameters.notebook_defaults(paths.NOTEBOOKS / f"{n}.ipynb")) for n in NOTEBOOKS}
    assert set().union(*taken.values()) == set(RERUNS) | set(NOT_RERUN)
    for name, params in taken.items():
        defaults = notebook_parameters.notebook_defaults(paths.NOTEBOOKS / f"{name}.ipynb")
        assert all(RERUNS[p] != defaults[p] for p in params - set(NOT_RERUN)), name


def test_output_follows_the_parameters(reruns):
    committed = {n: text_of(nbformat.read(paths.NOTEBOOKS / f"{n}.ipynb", as_version=4)) for n in NOTEBOOKS}
    texts = {n: text_of(nb) for n, nb in reruns.items()}
    assert sorted(texts) == NOTEBOOKS
    for name in NOTEBOOKS:
        assert texts[name] != committed[name], f"{name}: output did not change"
    assert "2024-01-02" in texts["00_data_overview"] and "against QQQ" in texts["00_data_overview"]
    assert "\\$300B" in texts["01_market_size"] and "2028" in texts["01_market_size"]
    assert "2024Q2" in texts["02_aws_quarter"] and "Verdict: supported" in texts["02_aws_quarter"]
    span = re.search(r"milestones of TSLA from (\d{4})-\d\d-\d\d to (\d{4})-", texts["04_compute_story"])
    assert span and span.groups() == ("2024", "2024")  # the rerun keeps to its start and end


def test_notebook_03_reads_consistently_for_another_date_and_benchmark(reruns):
    text = text_of(reruns["03_announcement_event_study"])
    assert "day 0 is **2023-09-11**" in text and "Morgan Stanley" in text
    assert "job posting" not in text.split("News of day 0")[1].split("\n")[0]
    assert "constant-mean model, against" not in text and "no benchmark" in text
    readings = re.findall(r"\*\*([A-Z.]+)\*\*: CAR [^\n]*?: (a reaction|not detected)", text)
    assert len(readings) == 2  # the conclusion reads each ticker's interval
    if any(r == "a reaction" for _, r in readings):
        assert "excludes zero, so the news of day 0" in text and "Neither stock shows" not in text
    else:
        assert "Neither stock shows a reaction the test can detect" in text


def test_a_partial_rebuild_keeps_the_report_whole_and_a_failed_one_changes_nothing(report_dir, tmp_path):
    """Rebuilding one page into a full report replaces that page only; the index still lists all five and marks the
    page built with other parameters. A build that fails in its page leaves every file as it was."""
    import json
    import shutil

    out = tmp_path / "report"
    shutil.copytree(report_dir, out, ignore=shutil.ignore_patterns("executed"))
    before = {p.name: p.read_bytes() for p in out.glob("*.html")}
    build.build(out, only=["00"], parameters={"anchor_date": "2024-06-03"})
    index = (out / "index.html").read_text()
    assert all(f'href="{name}"' in index for name in before if name != "index.html")
    assert "Built with non-default parameters: anchor_date = &quot;2024-06-03&quot;" in index
    assert "Built with non-default parameters:" in (out / "00_data_overview.html").read_text()
    assert all((out / n).read_bytes() == b for n, b in before.items() if n not in ("00_data_overview.html",
                                                                              "index.html"))  # fmt: skip
    listed = json.loads((out / "report.json").read_text())["pages"]
    assert len(listed) == 5 and listed[0]["parameters"] == {"anchor_date": "2024-06-03"}
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    with pytest.raises(UserError, match=r"03_announcement_event_study\.ipynb failed in cell \d+: .*estimation window"):
        build.build(out, only=["03"], parameters={"event_date": "2023-01-05"})  # no estimation window before it
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == after
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report.")] == [build.lock_path(out).name]
