"""The answer up front: the index's opening section and the README's copy come from the pages' own results, and the
README's clean-milestones example reproduces page 04's clean battery."""

import json
import re

import nbformat
import pytest

from analysis import cli, fmt
from analysis.data import paths
from analysis.report import execute, landing


def committed(stem: str) -> nbformat.NotebookNode:
    return nbformat.read(paths.NOTEBOOKS / f"{stem}.ipynb", as_version=4)


def page_text(nb: nbformat.NotebookNode) -> str:
    return "\n".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells for o in c.get("outputs", []))


def test_the_readme_shows_the_answer_of_the_committed_notebooks():
    answers = [landing.answer(nbformat.read(p, as_version=4)) for p in execute.notebooks()]
    section = landing.answer_markdown([a for a in answers if a], landing.as_of())
    assert section.startswith("## The answer, as of 2025-12-31\n")
    assert section in (paths.ROOT / "README.md").read_text()
    assert "$" not in section.replace("\\$", "")  # amounts stay text in a repository's web view


def test_every_answer_figure_is_a_figure_of_its_page():
    p01, p03, p04 = (committed(s) for s in ("01_market_size", "03_announcement_event_study", "04_compute_story"))
    market = landing.answer(p01)
    low, high = re.search(r"ran from (\$\d+B) to (\$\d+B)", market).groups()
    assert f"(\\\\{low} to \\\\{high}" in page_text(p01)  # the verdict on the page gives the same range
    event = landing.answer(p03)
    for ticker, interval in re.findall(r"(TSLA|AMZN) [^(]+\(95% interval (\S+ to \S+),", event):
        assert re.search(rf"\*\*{ticker}\*\*: CAR [^\n]*95% interval {re.escape(interval)} ", page_text(p03))
    story = landing.answer(p04)
    caar, ci = re.search(r"is ([+-][\d.]+%) \(95% interval (\S+ to \S+)\)", story).groups()
    assert re.search(rf"clean milestones, days -1\.\.\+1\*\* \(\d+ events\): CAAR {re.escape(caar)}, interval "
                     rf"{re.escape(ci)} ", page_text(p04))  # fmt: skip


def test_the_readme_clean_example_reproduces_page_04s_clean_battery(capsys, monkeypatch):
    import io

    assert cli.main(["milestones", "--clean", "--drop", "2023-08-15"]) == 0
    listing = capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO(listing))
    assert cli.main(["caar", "--events", "-", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    low, high = doc["caar_ci"]
    line = (
        f"clean milestones, days -1..+1** ({doc['n_events']} events): CAAR {fmt.pct(doc['caar'], 2)}, interval "
        f"{fmt.pct(low, 2)} to {fmt.pct(high, 2)} "
    )
    assert line in page_text(committed("04_compute_story")) and doc["overlapping_pairs"] == 0
    assert "milestones --clean --drop 2023-08-15 | .venv/bin/python -m analysis caar --events -" in (
        paths.ROOT / "README.md"
    ).read_text()


@pytest.mark.parametrize("text", ["**Bold** and `code` with &lt;b&gt;", "A <script>alert(1)</script> line"])
def test_the_index_renders_answers_with_no_raw_html(text):
    from analysis.report.build import Page

    page = landing.index_page([Page("01_x.html", "x", "y", answer=text, parameters={"claim": text})], "2025-12-31")
    assert "<script>" not in page and "The answer, as of 2025-12-31" in page
