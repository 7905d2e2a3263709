"""The command line as a user meets it: help, and one-line errors without tracebacks."""

import subprocess
import sys

import pytest

from analysis import cli, paths


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
    from analysis.report import parse_parameter

    assert parse_parameter("window=[-1, 1]") == ("window", [-1, 1])
    assert parse_parameter("event_date=2023-08-17") == ("event_date", "2023-08-17")
    assert parse_parameter("benchmark=QQQ") == ("benchmark", "QQQ")


def test_main_returns_two_on_user_error(capsys):
    assert cli.main(["report", "--notebook", "99"]) == 2
    assert capsys.readouterr().err.startswith("error: no notebook")
