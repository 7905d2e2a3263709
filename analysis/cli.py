"""Command line: ``python -m analysis COMMAND``; user errors end in one line on stderr, exit code 2."""

import argparse
import logging
import sys
from pathlib import Path

from analysis import case
from analysis.data import paths
from analysis.data.errors import UserError


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage mistake in one line."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"error: {message} (see {self.prog} --help)\n")


def _refresh(args: argparse.Namespace) -> int:
    from analysis.data.refresh import refresh

    outcomes = refresh(args.tickers, args.start, args.end)
    failed = [o.ticker for o in outcomes if not o.ok]
    if failed:
        print(f"error: refresh failed for {', '.join(failed)}; their files are unchanged", file=sys.stderr)
    return 1 if failed else 0


def _report(args: argparse.Namespace) -> int:
    from analysis.report import build
    from analysis.report import parameters as notebook_parameters

    parameters = dict(notebook_parameters.parse_parameter(p) for p in args.parameter)
    out = Path(args.out) if args.out else build.run_folder(args.notebook, parameters)
    pages = build.build(out, only=args.notebook, parameters=parameters)
    print(f"wrote {len(pages)} page(s) and an index; open {paths.relative(out / 'index.html')}")
    return 0


def _run_notebooks(args: argparse.Namespace) -> int:
    from analysis.report import execute

    for path in execute.notebooks(only=args.notebook):
        print(f"executing {path.name} in place ...", file=sys.stderr, flush=True)
        execute.run_in_place(path)
    return 0


def _event(args: argparse.Namespace) -> int:
    from analysis.methods import snapshot
    from analysis.methods.spec import Spec
    from analysis.present import output

    spec = Spec(args.model, tuple(args.estimation), tuple(args.window))
    result = snapshot.run(args.tickers, args.date, args.benchmark, spec)
    print(output.event_json(result) if args.format == "json" else result.summary())
    return 0


def _caar(args: argparse.Namespace) -> int:
    from analysis.data import eventfile, prices
    from analysis.methods import battery, caar
    from analysis.methods.spec import Spec
    from analysis.present import output

    spec = Spec(args.model, tuple(args.estimation), tuple(args.window)).check()
    benchmark = prices.check_ticker(args.benchmark)
    events, where = eventfile.read(args.events)
    if len(events) < 2:
        needs = ", ".join(d.name for d in battery.REGISTRY.values() if d.min_events >= 2)
        first = events.iloc[0]
        raise UserError(
            f"{where} line {first['line']}: only one event; a CAAR needs at least 2 ({needs} need 2 or more); "
            f"for one event use: python -m analysis event {first['ticker']} --date {first['date']}"
        )
    lines = events["line"].tolist()
    result = caar.run(
        events.drop(columns="line"), benchmark, spec, where=lambda i: f"{where} line {lines[i]}",
        allow_overlap=args.allow_overlap, measure=args.measure,
    )  # fmt: skip
    print(output.caar_json(result) if args.format == "json" else result.summary())
    return 0


def _milestones(args: argparse.Namespace) -> int:
    from analysis.data import prices
    from analysis.market import timeline
    from analysis.present import output

    ticker = prices.check_ticker(args.ticker)
    if args.window[0] > args.window[1]:
        raise UserError(f"--window {args.window[0]} {args.window[1]} is reversed; give START <= END")
    kinds = tuple(args.kind or timeline.COMPUTE_KINDS)
    drop = timeline.check_drop(args.drop, ticker)
    ms = timeline.milestones(kinds, ticker, args.start, args.end, drop, window=tuple(args.window))
    if args.clean:
        ms = ms[~ms["confounded"]]
        if ms.empty:
            raise UserError(
                f"no {ticker} milestone in the range is clean for the window {args.window[0]} {args.window[1]}; "
                "drop --clean or widen the range"
            )
    print(output.milestones_csv(ms, ticker) if args.format == "csv" else output.milestones_table(ms), end="")
    return 0


def _aws(args: argparse.Namespace) -> int:
    from analysis.market import cloud
    from analysis.present import output

    metrics = cloud.aws_metrics()
    print(output.aws_json(metrics) if args.format == "json" else output.aws_table(metrics))
    return 0


def _peers(args: argparse.Namespace) -> int:
    from analysis.market import cloud
    from analysis.present import output

    rows = cloud.peer_rows()
    print(output.rows_json(rows) if args.format == "json" else output.peers_table(rows))
    return 0


def _shares(args: argparse.Namespace) -> int:
    from analysis.market import cloud
    from analysis.present import output

    rows = cloud.share_rows()
    print(output.rows_json(rows) if args.format == "json" else output.shares_table(rows))
    return 0


def _size(args: argparse.Namespace) -> int:
    from analysis.data import market_tables
    from analysis.market import sizing
    from analysis.narrative import market
    from analysis.present import output

    table = market_tables.estimates()
    result = sizing.triangulate(table)
    hind = market_tables.hindsight()
    if args.format == "json":
        print(output.size_json(table, result, hind, market.verdict(result)))
    else:
        print(output.size_table(result, market.verdict(result)) + "\n\nIn hindsight: " + market.hindsight_verdict(hind))
    return 0


def _claims(args: argparse.Namespace) -> int:
    from analysis.narrative import claims
    from analysis.present import output

    table = claims.ledger()
    print(output.claims_json(table) if args.format == "json" else output.claims_table(table))
    return 0


def _picture(args: argparse.Namespace) -> int:
    from analysis.report import picture

    print(f"wrote {paths.relative(picture.announcement_png(Path(args.out)))}")
    return 0


def _tables(args: argparse.Namespace) -> int:
    from analysis.data import cloud_tables

    for path in cloud_tables.write_tables():
        print(f"wrote {paths.relative(path)}")
    return 0


def _study_options(p: argparse.ArgumentParser) -> None:
    """Benchmark, model, windows and output format, shared by ``event`` and ``caar``."""
    p.add_argument(
        "--benchmark",
        default=case.BENCHMARK,
        help=f"market benchmark (default {case.BENCHMARK}; {case.ALT_BENCHMARK} is the alternative)",
    )
    (e0, e1), (w0, w1) = case.ESTIMATION, case.WINDOW
    p.add_argument("--model", default=case.MODEL, choices=["market", "market-adjusted", "constant-mean"])
    p.add_argument(
        "--estimation",
        nargs=2,
        type=int,
        default=[e0, e1],
        metavar=("START", "END"),
        help=f"estimation window in trading days relative to day 0 (default {e0} {e1})",
    )
    p.add_argument(
        "--window",
        nargs=2,
        type=int,
        default=[w0, w1],
        metavar=("START", "END"),
        help=f"event window in trading days relative to day 0 (default {w0} {w1})",
    )
    p.add_argument("--format", choices=["table", "json"], default="table")


def _answer(args: argparse.Namespace) -> int:
    import nbformat

    from analysis.report import execute, landing

    answers = [landing.answer(nbformat.read(p, as_version=4)) for p in execute.notebooks()]
    print(landing.answer_markdown([a for a in answers if a], landing.as_of()), end="")
    return 0


def _env_yml(args: argparse.Namespace) -> int:
    from analysis.report import environment

    print(f"wrote {environment.write()}")
    return 0


def _table_or_json(sub, name: str, help_text: str, func) -> None:
    """A command whose only option is its output format."""
    p = sub.add_parser(name, help=help_text)
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=func)


def parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    top = _Parser(
        prog="python -m analysis",
        description="Tesla's 2023 data-center entry: data refresh, analyses and the HTML report.",
    )
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("refresh", help="download fresh daily bars from Yahoo Finance (needs network)")
    p.add_argument("tickers", nargs="*", metavar="TICKER", help="tickers to refresh or add (default: all)")
    p.add_argument("--start", help="first date, YYYY-MM-DD (default: the file's first date)")
    p.add_argument("--end", help="last date, YYYY-MM-DD (default: today)")
    p.set_defaults(func=_refresh)

    p = sub.add_parser("event", help="event study: abnormal returns of tickers around a date")
    p.add_argument("tickers", nargs="+", metavar="TICKER")
    p.add_argument("--date", required=True, help="event date YYYY-MM-DD (day 0 = first trading day on or after)")
    _study_options(p)
    p.set_defaults(func=_event)

    p = sub.add_parser("caar", help="multi-event study: CAAR over many events with the standard test battery")
    p.add_argument(
        "--events", required=True, metavar="FILE", help="CSV with ticker,date[,benchmark,label]; - for stdin"
    )
    p.add_argument(
        "--measure",
        choices=["return", "volume"],
        default="return",
        help="abnormal returns (default) or abnormal log volume (Campbell & Wasley 1996) with the same tests",
    )
    p.add_argument(
        "--allow-overlap",
        action="store_true",
        help="study events of one ticker whose event windows share days (refused by default: the tests assume "
        "independent events); the output says how many pairs overlap",
    )
    _study_options(p)
    p.set_defaults(func=_caar)

    p = sub.add_parser("milestones", help="Tesla's dated compute news with effective day 0 (CSV feeds caar)")
    p.add_argument("--ticker", default=case.SUBJECT)
    p.add_argument(
        "--kind", action="append", default=None, help="event kinds (default: announcement, company, contrast)"
    )
    p.add_argument("--start", help="first day 0, YYYY-MM-DD")
    p.add_argument("--end", help="last day 0, YYYY-MM-DD")
    p.add_argument("--drop", action="append", default=[], metavar="DATE", help="leave out events of this news date")
    p.add_argument(
        "--clean",
        action="store_true",
        help="only milestones whose event window holds no earnings, confounding news or other milestone",
    )
    p.add_argument(
        "--window",
        nargs=2,
        type=int,
        default=list(case.WINDOW),
        metavar=("START", "END"),
        help=f"the event window that --clean judges (default {case.WINDOW[0]} {case.WINDOW[1]}, as caar's)",
    )
    p.add_argument("--format", choices=["csv", "table"], default="csv")
    p.set_defaults(func=_milestones)

    _table_or_json(sub, "aws", "AWS quarterly net sales, growth and margin with sources", _aws)

    _table_or_json(
        sub, "peers", "AWS, Microsoft and Google cloud revenue, growth and margin by quarter to 2025", _peers
    )

    _table_or_json(sub, "shares", "cloud-infrastructure market shares by quarter, publisher and provider", _shares)

    _table_or_json(sub, "size", "data-center market size: sourced estimates against the $250B claim", _size)

    _table_or_json(sub, "claims", "the seed articles' claims, each checked against the data", _claims)

    p = sub.add_parser("picture", help="render the README's key chart to PNG (needs chromium)")
    p.add_argument("--out", default=str(paths.ROOT / "docs" / "tsla_abnormal_returns.png"))
    p.set_defaults(func=_picture)

    p = sub.add_parser("tables", help="rebuild data/cloud/*.csv from data/facts/facts.csv (for maintainers)")
    p.set_defaults(func=_tables)

    p = sub.add_parser("env-yml", help="regenerate environment.yml from requirements.lock (for maintainers)")
    p.set_defaults(func=_env_yml)

    p = sub.add_parser("answer", help="the answer as of the data's last day, from the committed notebooks (Markdown)")
    p.set_defaults(func=_answer)

    p = sub.add_parser("report", help="execute every notebook offline and write HTML pages")
    p.add_argument(
        "--out",
        help="output folder (default: build/report for the whole report with its defaults; some pages or other "
        "parameters go to a folder of their own under build/runs/, named in the last line). An existing report given "
        "here keeps the pages not rebuilt",
    )
    p.add_argument("--notebook", action="append", metavar="PREFIX", help="only notebooks starting with PREFIX")
    p.add_argument(
        "-p",
        "--parameter",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a notebook parameter, e.g. -p event_date=2023-08-17 (JSON values allowed)",
    )
    p.set_defaults(func=_report)

    p = sub.add_parser("run-notebooks", help="re-execute the committed notebooks in place (for developers)")
    p.add_argument("--notebook", action="append", metavar="PREFIX", help="only notebooks starting with PREFIX")
    p.set_defaults(func=_run_notebooks)
    return top


def _show_progress() -> None:
    """The library logs its progress (report pages, refreshed tickers); the CLI shows it on stderr, one line each."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger = logging.getLogger("analysis")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False


def main(argv: list[str] | None = None) -> int:
    """Run one command; user errors become one line on stderr."""
    for stream in (sys.stdout, sys.stderr):  # a terminal without UTF-8 gets escapes, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    args = parser().parse_args(argv)
    _show_progress()
    previous = _stop_cleanly_on_sigterm()
    try:
        return args.func(args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a file or folder the command cannot read or write
        where = f" ({paths.relative(Path(exc.filename))})" if exc.filename else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: one line for the user, the details in a log file
        log = _log_internal_error(argv)
        print(f"error: internal error ({type(exc).__name__}: {str(exc)[:200]}); details in {log}", file=sys.stderr)
        return 3
    finally:
        if previous is not None:
            import signal

            signal.signal(signal.SIGTERM, previous)


def _stop_cleanly_on_sigterm():
    """SIGTERM ends a command as Ctrl-C does, so that its cleanup (temporary files, scratch folders) runs; returns
    the handler it replaced (None off the main thread, where signals cannot be handled)."""
    import signal
    import threading

    def stop(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, stop)


def _log_internal_error(argv: list[str] | None) -> str:
    """Write the traceback of the exception being handled to build/logs/ and return where it went."""
    import time
    import traceback

    folder = paths.BUILD / "logs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"error-{time.strftime('%Y%m%d-%H%M%S')}.log"
        path.write_text(f"argv: {argv if argv is not None else sys.argv[1:]}\n\n{traceback.format_exc()}")
        return paths.relative(path)
    except OSError:
        return "no log (build/logs is not writable)"
