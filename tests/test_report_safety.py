"""Report safety: hostile text in the data is shown, not run; one build per folder; a refresh waits for a build;
no loopback fails fast; pages are written whole."""

import shutil

import pytest

from analysis import paths, report
from analysis.errors import UserError
from tests.helpers import needs_chromium, open_page

HOSTILE = '<script>document.title="PWNED"</script><img src=x onerror="document.title=\'PWNED\'">'


@needs_chromium
def test_hostile_text_in_the_data_is_shown_not_run(tmp_path, monkeypatch):
    """Every free-text column that reaches a page (claims, a fact used as evidence, events, seed articles, price
    sources) is shown escaped on pages 00 and 04: no script runs, no raw tag."""
    import csv

    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data)

    def poison(path, column, row_filter=lambda r: True, first=False):
        with open(path, newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            if row_filter(row):
                row[column] = HOSTILE + " " + row[column] if first else row[column] + " " + HOSTILE
        with open(path, "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)

    poison(data / "claims.csv", "claim")
    poison(data / "facts" / "facts.csv", "value", lambda r: r["id"] == "E002")  # text evidence of a claim
    poison(data / "facts" / "events.csv", "event", first=True)  # first, so that page 04's short labels carry it
    for column in ("timing", "source"):
        poison(data / "facts" / "events.csv", column)
    for column in ("outlet", "title", "note"):
        poison(data / "facts" / "articles.csv", column)
    for column in ("primary_source", "price_basis", "provenance"):
        poison(data / "prices" / "sources.csv", column)
    monkeypatch.setenv("ANALYSIS_DATA_DIR", str(data))
    out = tmp_path / "report"
    for page in report.build(out, only=["00", "04"]):
        html = page.read_text()
        assert "<script>document.title" not in html and "<img src=x" not in html, page.name
        dom, errors = open_page(page, tmp_path / f"profile-{page.stem}")
        assert "PWNED" not in dom.split("</title>")[0] and "<script>document.title" not in dom, page.name
        assert not errors, (page.name, errors)
        assert "document.title" in dom, page.name  # the text is there, as text


def test_claims_notebook_column_must_name_a_notebook(tmp_path):
    from analysis import claims
    from analysis.errors import DataError

    bad = tmp_path / "claims.csv"
    text = paths.claims_csv().read_text().replace(",01_market_size", ",javascript:alert(1)", 1)
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
