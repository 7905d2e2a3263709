"""Hostile and careless input at the command line: each is one line on stderr, exit code 2, and nothing changes."""

import io
import os
import stat
import subprocess
import sys

import pandas as pd
import pytest

from analysis import cli
from analysis.data import paths, refresh
from analysis.market import timeline
from analysis.present import output
from tests.helpers import snapshot_bytes, synthetic_bars, write_bars


def one_line_error(capsys, argv, expected):
    code = cli.main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert expected in err and err.count("\n") == 1 and "Traceback" not in err, err
    return err


@pytest.mark.parametrize(
    ("drop", "expected"),
    [
        ("2023-8-15", "write the date as YYYY-MM-DD (2023-08-15)"),
        ("2023-08-16", "no TSLA milestone (announcement, company, contrast) is dated 2023-08-16"),
        ("yesterday", "--drop date 'yesterday' is not a date"),
    ],
)
def test_milestones_drop_must_name_a_news_date(capsys, drop, expected):
    one_line_error(capsys, ["milestones", "--drop", drop], expected)


def test_milestones_drop_of_a_real_news_date_leaves_it_out(capsys):
    assert cli.main(["milestones", "--format", "csv"]) == 0
    every = capsys.readouterr().out
    assert cli.main(["milestones", "--format", "csv", "--drop", "2023-08-15"]) == 0
    fewer = capsys.readouterr().out
    assert len(fewer.splitlines()) == len(every.splitlines()) - 1


def test_page_04_parameter_drop_is_named_as_a_parameter():
    from analysis.data.errors import UserError

    with pytest.raises(UserError, match=r"^parameter drop 2023-08-16: no TSLA milestone"):
        timeline.check_drop(["2023-08-16"], "TSLA", what="parameter drop")


def test_clean_milestones_with_none_clean_is_an_error_not_an_empty_file(capsys):
    one_line_error(
        capsys,
        ["milestones", "--clean", "--window", "-60", "60"],
        "no TSLA milestone in the range is clean for the window -60 60",
    )


def test_milestones_reversed_window_is_an_error(capsys):
    one_line_error(capsys, ["milestones", "--clean", "--window", "5", "-5"], "--window 5 -5 is reversed")


def test_milestone_csv_cells_never_start_a_spreadsheet_formula():
    ms = pd.DataFrame(
        {
            "day0": pd.to_datetime(["2023-08-15", "2023-09-11"]),
            "label": ["=HYPERLINK(\"http://x\",\"click\")", "plain, with a comma"],
        }
    )
    text = output.milestones_csv(ms, "TSLA")
    back = pd.read_csv(io.StringIO(text))
    assert back["label"].tolist() == ["'=HYPERLINK(\"http://x\",\"click\")", "plain, with a comma"]
    assert back["date"].tolist() == ["2023-08-15", "2023-09-11"]


def test_milestones_csv_feeds_caar_as_the_readme_pipes_it(capsys, monkeypatch):
    assert cli.main(["milestones", "--format", "csv", "--clean", "--end", "2023-12-31"]) == 0
    listing = capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(listing.encode()), encoding="utf-8"))
    assert cli.main(["caar", "--events", "-"]) == 0
    assert "CAAR" in capsys.readouterr().out


def test_events_row_with_a_trailing_comma_is_named(capsys, tmp_path):
    path = tmp_path / "ev.csv"
    path.write_text("ticker,date\nTSLA,2023-08-15\nTSLA,2023-09-11,\n")
    expected = "line 3: 3 fields where the header has 2 (a trailing comma?)"
    one_line_error(capsys, ["caar", "--events", str(path)], expected)


def test_events_from_stdin_that_is_not_utf8_names_the_line(capsys, monkeypatch):
    raw = b"ticker,date,label\nTSLA,2023-08-15,ok\nTSLA,2023-09-11,caf\xe9\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    one_line_error(capsys, ["caar", "--events", "-"], "<stdin> line 3: not UTF-8 text (byte 0xe9)")


def test_events_from_a_closed_stdin_is_one_line(capsys, monkeypatch):
    closed = io.TextIOWrapper(io.BytesIO(b""), encoding="utf-8")
    closed.close()
    monkeypatch.setattr("sys.stdin", closed)
    one_line_error(capsys, ["caar", "--events", "-"], "standard input is closed")
    monkeypatch.setattr("sys.stdin", None)
    one_line_error(capsys, ["caar", "--events", "-"], "standard input is closed")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["event", "T" * 100_000, "--date", "2023-08-15"], "'TTTTTTTTTTTTTTTTTTTT'… (100,000 characters) is malformed"),
        (["event", "TSLA", "--date", "2" * 100_000], "'22222222222222222222'… (100,000 characters) is not a date"),
        (["event", "TSLA", "--date", "2023-08-15T00:00"], "'2023-08-15T00:00' is not a date; use YYYY-MM-DD"),
    ],
)
def test_long_input_is_not_echoed_in_full(capsys, argv, expected):
    err = one_line_error(capsys, argv, expected)
    assert len(err) < 300


@pytest.mark.parametrize(
    "target",
    [
        lambda: paths.ROOT,
        lambda: paths.DATA,
        lambda: paths.DATA / "prices",
        lambda: paths.NOTEBOOKS,
        lambda: paths.PACKAGE,
        lambda: paths.ROOT / "tests",
        lambda: paths.ROOT / "docs" / "new",
        lambda: paths.ROOT.anchor,
    ],
)
def test_report_out_never_replaces_sources_or_the_root(capsys, target):
    before = snapshot_bytes(paths.NOTEBOOKS)
    one_line_error(capsys, ["report", "--notebook", "00", "--out", str(target())], "choose a folder of its own")
    assert snapshot_bytes(paths.NOTEBOOKS) == before


def test_refresh_of_a_missing_price_folder_is_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(paths, "PRICES", tmp_path / "nowhere")
    one_line_error(capsys, ["refresh"], "no such price folder")


def test_refresh_of_an_empty_price_folder_asks_for_tickers(tmp_path, monkeypatch, capsys):
    (tmp_path / "prices").mkdir()
    monkeypatch.setattr(paths, "PRICES", tmp_path / "prices")
    one_line_error(capsys, ["refresh"], "holds no price files; name the tickers to fetch")


def test_replaced_file_keeps_its_mode_and_a_new_one_is_not_private(tmp_path):
    bars = synthetic_bars().reset_index()  # SYNTHETIC bars
    bars["date"] = bars["date"].dt.strftime("%Y-%m-%d")
    old = write_bars(synthetic_bars(seed=1), tmp_path / "OLD.csv")
    os.chmod(old, 0o640)
    refresh._write_atomically(bars, old)
    assert stat.S_IMODE(old.stat().st_mode) == 0o640 and old.read_text().startswith("date,open")
    new = tmp_path / "NEW.csv"
    refresh._write_atomically(bars, new)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("argv", [["event", "TSLA", "--date", "2023-08-15"], ["report", "--notebook", "00"]])
def test_a_symlink_loop_as_data_folder_is_one_line(tmp_path, monkeypatch, capsys, argv):
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    monkeypatch.setattr(paths, "PRICES", tmp_path / "a" / "prices")
    out = ["--out", str(tmp_path / "out")] if argv[0] == "report" else []
    one_line_error(capsys, [*argv, *out], "no such price folder")


def test_an_ascii_terminal_gets_escapes_not_a_crash():
    done = subprocess.run(
        [sys.executable, "-m", "analysis", "milestones", "--format", "table"],
        capture_output=True, text=True, cwd=paths.ROOT, timeout=120, env={**os.environ, "PYTHONIOENCODING": "ascii"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "\\u2026" in done.stdout


def test_sigterm_becomes_an_interrupt_that_runs_cleanup():
    import signal

    previous = cli._stop_cleanly_on_sigterm()
    try:
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGTERM)
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_a_relative_data_folder_means_the_callers_for_the_kernels_too(tmp_path, monkeypatch):
    from analysis.report import execute

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANALYSIS_DATA_DIR", "my-data")
    with execute._default_renderer():
        assert os.environ["ANALYSIS_DATA_DIR"] == str(tmp_path / "my-data")
    assert os.environ["ANALYSIS_DATA_DIR"] == "my-data"
    done = subprocess.run(
        [sys.executable, "-c", "from analysis.data import paths; print(paths.DATA)"],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "ANALYSIS_ROOT": str(paths.ROOT)},
    )  # fmt: skip
    assert done.stdout.strip() == str(tmp_path / "my-data")
