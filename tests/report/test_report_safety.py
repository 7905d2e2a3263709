"""Report safety: one build per folder; a refresh waits for a build; no loopback fails fast; pages are written
whole; the claims ledger links only to notebooks. (Hostile text in the data is checked on the session's report
build, in test_report.py.)"""

import pytest

from analysis.data import paths
from analysis.data.errors import UserError
from analysis.report import build, export


def test_claims_notebook_column_must_name_a_notebook(tmp_path):
    from analysis.data.errors import DataError
    from analysis.narrative import claims

    bad = tmp_path / "claims.csv"
    text = paths.claims_csv().read_text().replace(",01_market_size", ",javascript:alert(1)", 1)
    bad.write_text(text)
    with pytest.raises(DataError, match=r"claims\.csv line 2: notebook 'javascript:alert\(1\)' is not a notebook"):
        claims.ledger(bad)


def test_a_second_build_into_the_same_folder_is_refused_at_once(tmp_path):
    from analysis.data import locks

    out = tmp_path / "report"
    with locks.held(build.lock_path(out)), pytest.raises(UserError, match="another report build is writing"):
        build.build(out, only=["00"])
    assert not out.exists() and [p.name for p in tmp_path.iterdir()] == [build.lock_path(out).name]


def test_refresh_waits_for_a_build_reading_the_prices(price_dir):
    """While a build holds the prices (shared lock), refresh() fetches nothing; it goes on once the build ends."""
    import threading
    import time

    from analysis.data import locks, refresh

    fetched = threading.Event()

    def fetch(ticker, start, end):
        fetched.set()
        raise OSError("offline")  # a failed download: the snapshot stays as it was

    with locks.held(locks.data_lock(price_dir), shared=True):
        worker = threading.Thread(target=refresh.refresh, args=(["TSLA"],), kwargs={"fetch": fetch})
        worker.start()
        time.sleep(0.5)
        assert not fetched.is_set(), "refresh fetched while a build was reading the prices"
    worker.join(timeout=30)
    assert fetched.is_set() and not worker.is_alive()


def test_no_loopback_fails_fast_in_one_line(tmp_path, monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise OSError(101, "Network is unreachable")

    monkeypatch.setattr(socket, "create_connection", refuse)
    with pytest.raises(UserError, match=r"loopback interface 127\.0\.0\.1"):
        build.build(tmp_path / "out", only=["00"])
    assert not (tmp_path / "out").exists()


def test_pages_are_written_whole(tmp_path):
    export.write_whole(tmp_path / "page.html", "<html></html>")
    assert (tmp_path / "page.html").read_text() == "<html></html>" and not list(tmp_path.glob(".*.tmp"))


def test_some_pages_or_other_parameters_go_to_a_folder_of_their_own(monkeypatch, tmp_path, capsys):
    from analysis import cli
    from analysis.data import paths

    monkeypatch.setattr(paths, "BUILD", tmp_path / "build")
    monkeypatch.setattr(paths, "REPORT", tmp_path / "build" / "report")
    assert build.run_folder(None, None) == paths.REPORT
    one = build.run_folder(["03"], {"event_date": "2023-08-17"})
    assert one.parent == tmp_path / "build" / "runs" and one.name.startswith("03-") and len(one.name) == 11
    assert one != build.run_folder(["03"], {"event_date": "2023-08-18"})
    seen = {}
    monkeypatch.setattr(build, "build", lambda out, only, parameters: seen.setdefault("out", out) and [])
    assert cli.main(["report", "--notebook", "03", "-p", "event_date=2023-08-17"]) == 0
    assert seen["out"] == one and "runs/03-" in capsys.readouterr().out
