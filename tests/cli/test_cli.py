"""The command line as a user meets it: help, and one-line errors without tracebacks."""

import subprocess
import sys

import pytest

from analysis import cli
from analysis.data import cloud_tables, paths


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=paths.ROOT, timeout=120
    )


def test_help_lists_commands():
    done = run("--help")
    assert done.returncode == 0
    for command in ("refresh", "report", "run-notebooks"):
        assert command in done.stdout


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["bogus"], "invalid choice: 'bogus'"),
        (["report", "--notebook", "99"], "no notebook in notebooks matches 99"),
        (["report", "--notebook", " "], "--notebook needs a notebook's number or name"),
        (["report", "-p", "no equals sign"], "must look like NAME=VALUE"),
    ],
)
def test_user_errors_are_one_line(argv, expected):
    done = run(*argv)
    assert done.returncode == 2
    assert expected in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_report_parameter_values_parse_as_json_or_text():
    from analysis.report.parameters import parse_parameter

    assert parse_parameter("window=[-1, 1]") == ("window", [-1, 1])
    assert parse_parameter("event_date=2023-08-17") == ("event_date", "2023-08-17")
    assert parse_parameter("benchmark=QQQ") == ("benchmark", "QQQ")


def test_main_returns_two_on_user_error(capsys):
    assert cli.main(["report", "--notebook", "99"]) == 2
    assert capsys.readouterr().err.startswith("error: no notebook")


def test_corrupt_snapshot_file_is_one_line_naming_file_and_row(price_dir, capsys):
    path = price_dir / "TSLA.csv"
    lines = path.read_text().splitlines()
    lines[10] = lines[10].replace(lines[10].split(",")[4], "-3", 1)
    path.write_text("\n".join(lines) + "\n")
    assert cli.main(["event", "TSLA", "--date", "2023-08-15"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "TSLA.csv line 11 (2023-01-17)" in err and "not positive" in err


def test_nbval_fails_when_a_shown_number_changes(tmp_path):
    """With the project's nbval settings, a stored number that the code no longer produces fails the check."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    cell = new_code_cell("from analysis import fmt\nfmt.pct(0.1234)", execution_count=1)
    cell.outputs = [
        new_output("execute_result", {"text/plain": "'+12.4%'"}, execution_count=1)
    ]  # the code gives +12.3%
    altered = tmp_path / "altered.ipynb"
    nbformat.write(
        new_notebook(cells=[cell], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3"}}), altered
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:xdist", "-q", "-o", "addopts=", "--nbval", "--nbval-current-env",
         "--nbval-sanitize-with", str(paths.ROOT / "tests" / "nbval_sanitize.cfg"), str(altered)],
        capture_output=True, text=True, cwd=paths.ROOT, timeout=300,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout[-2000:]
    assert "+12.3%" in done.stdout and "1 failed" in done.stdout


def test_picture_out_must_be_a_png_file(tmp_path, capsys):
    assert cli.main(["picture", "--out", str(tmp_path)]) == 2
    assert "must name a .png file" in capsys.readouterr().err


def test_event_with_the_same_ticker_twice_reports_it_once(capsys):
    assert cli.main(["event", "TSLA", "tsla", "--date", "2023-08-15", "--format", "json"]) == 0
    import json

    assert [d["ticker"] for d in json.loads(capsys.readouterr().out)] == ["TSLA"]


@pytest.mark.parametrize(
    "argv",
    [
        ["report", "--out", "{file}"],
        ["report", "--out", "{file}/below"],
    ],
)
def test_report_out_at_a_file_is_one_line(tmp_path, capsys, argv):
    target = tmp_path / "a-file"
    target.write_text("x")
    code = cli.main([a.replace("{file}", str(target)) for a in argv] + ["--notebook", "00"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err


def test_internal_error_is_one_line_with_a_log(monkeypatch, capsys, tmp_path):
    from analysis.data import paths
    from analysis.methods import snapshot

    monkeypatch.setattr(paths, "BUILD", tmp_path)

    def broken(*args, **kwargs):
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(snapshot, "run", broken)
    assert cli.main(["event", "TSLA", "--date", "2023-08-15"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("error: internal error (ZeroDivisionError: bug); details in") and err.count("\n") == 1
    assert "ZeroDivisionError" in next((tmp_path / "logs").glob("error-*.log")).read_text()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["event", "TSLA", "--date", "2023-08-15", "--window", "0", "99999999999999999999"], "within ±5000"),
        (["report", "--notebook", "01", "-p", "claim_usd_bn=abc"], "takes a number like 250.0, got text"),
        (["report", "--notebook", "01", "-p", "claim_usd_bn=NaN"], "must be a finite number"),
        (["report", "--notebook", "01", "-p", "claim_usd_bn=" + "[" * 3000 + "]" * 3000], "nested too deeply"),
        (["report", "--notebook", "03", "-p", "window=5"], "takes a list like [-1, 1], got number"),
    ],
)
def test_bad_values_stop_before_any_kernel_starts(capsys, tmp_path, argv, expected):
    code = cli.main([*argv, "--out", str(tmp_path / "out")] if argv[0] == "report" else argv)
    err = capsys.readouterr().err
    assert code == 2 and expected in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("table", ["facts/facts.csv", "facts/events.csv", "claims.csv", "cloud/quarterly_usd_bn.csv"])
@pytest.mark.parametrize(("content", "expected"), [(b"", "empty file"), (b"id,x\n\xff\xfe\n", "line 2: not UTF-8")])
def test_broken_bundled_tables_are_one_line(tmp_path, monkeypatch, capsys, table, content, expected):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(paths.DATA, data)
    (data / table).write_bytes(content)
    from analysis.data import facts
    from analysis.narrative import claims

    readers = {
        "facts/facts.csv": lambda: facts.facts(data / table),
        "facts/events.csv": lambda: facts.events(data / table),
        "claims.csv": lambda: claims.ledger(data / table),
        "cloud/quarterly_usd_bn.csv": lambda: cloud_tables.load_table("usd", data / table),
    }
    from analysis.data.errors import DataError

    with pytest.raises(DataError, match=expected) as err:
        readers[table]()
    assert "\n" not in str(err.value)
