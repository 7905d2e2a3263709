"""Each notebook's parameters checked in plain words: every documented value passes, any other is one line naming
the parameter and what it takes. The report runs these before a kernel starts (``check``); each page's ``analyse``
runs its own, so a notebook edited in JupyterLab says the same."""

import json
import math
from collections.abc import Callable

import pandas as pd

from analysis import case
from analysis.data import prices, sessions
from analysis.data.errors import UserError
from analysis.market import timeline
from analysis.methods.spec import MAX_OFFSET, MIN_ESTIMATION_DAYS, MODELS

MAX_CLAIM_USD_BN = 1_000_000.0  # a million billion dollars: far above any market, still finite in every sum
MAX_ASSUMPTION_TIMES_HIGH = 1000  # a Tesla assumption may be up to 1,000 times its high case


def _shown(value: object) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "…"


def _tickers(
    name: str, values: list, *, empty: bool = False, others: tuple[str, ...] = (), example: str = case.SUBJECT
) -> None:
    """A list of bundled tickers in capitals, none twice and none of ``others`` (the tickers they are beside)."""
    if not values and not empty:
        raise UserError(f"parameter {name} is empty; give at least one bundled ticker, e.g. [\"{example}\"]")
    have = prices.available_tickers()
    for i, value in enumerate(values):
        if not isinstance(value, str):
            raise UserError(f"parameter {name} takes ticker names as text, got {_shown(value)}")
        canon = prices.check_ticker(value)
        if value != canon:
            raise UserError(f"parameter {name}: write {value!r} as the price files name it, {canon!r}")
        if value in values[:i]:
            raise UserError(f"parameter {name} lists {value} twice; give each ticker once")
        if value in others:
            raise UserError(f"parameter {name} lists {value}, which this page already uses beside it")
        if value not in have:
            raise UserError(f"parameter {name}: no bundled prices for {value} (have: {', '.join(have)})")


def _ticker(name: str, value: object, others: tuple[str, ...] = ()) -> None:
    """One bundled ticker."""
    _tickers(name, [value], others=others)


def _date(name: str, value: object) -> pd.Timestamp:
    """A YYYY-MM-DD date."""
    if not isinstance(value, str):
        raise UserError(f"parameter {name} takes a date as text like \"2023-08-15\", got {_shown(value)}")
    return sessions.parse_date(value, f"parameter {name}")


def _day(name: str, value: object, ticker: str) -> None:
    """A YYYY-MM-DD date inside the span of ``ticker``'s bundled prices."""
    day = _date(name, value)
    bars = prices.load(ticker).index
    if not bars[0] <= day <= bars[-1]:
        raise UserError(f"parameter {name} {value} is outside the price data of {ticker} ({bars[0].date()} to "
                        f"{bars[-1].date()})")  # fmt: skip


def _pair(name: str, value: object) -> tuple[int, int]:
    """Two trading-day offsets [START, END], START <= END, within ±MAX_OFFSET."""
    ok = isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool)
                                                              for v in value)  # fmt: skip
    if not ok or value[0] > value[1] or max(abs(value[0]), abs(value[1])) > MAX_OFFSET:
        raise UserError(
            f"parameter {name} takes two trading-day offsets [START, END] with START <= END (within ±{MAX_OFFSET}), "
            f"e.g. [-1, 1]; got {_shown(value)}"
        )
    return value[0], value[1]


def _window(name: str, value: object, before: int) -> None:
    """An event window [START, END] after the estimation window's last day ``before``."""
    start, _ = _pair(name, value)
    if start <= before:
        raise UserError(f"parameter {name} starts on day {start}, inside the estimation window (to day {before}); "
                        f"start it after {before}")  # fmt: skip


def _windows(name: str, values: object, before: int) -> None:
    """A non-empty list of event windows."""
    if not isinstance(values, list) or not values:
        raise UserError(f"parameter {name} takes a non-empty list of windows like [[-1, 1], [0, 1]], got "
                        f"{_shown(values)}")  # fmt: skip
    for i, value in enumerate(values):
        _window(f"{name}[{i}]", value, before)


def _estimation(name: str, value: object) -> tuple[int, int]:
    """An estimation window of at least ``MIN_ESTIMATION_DAYS`` days."""
    start, end = _pair(name, value)
    if end - start + 1 < MIN_ESTIMATION_DAYS:
        raise UserError(f"parameter {name} spans {end - start + 1} trading days; use at least {MIN_ESTIMATION_DAYS}, "
                        "e.g. [-120, -11]")  # fmt: skip
    return start, end


def _number(name: str, value: object, low: float, high: float, what: str) -> None:
    """A number with low < value <= high."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or not (
        low < value <= high
    ):
        raise UserError(f"parameter {name} takes {what}, got {_shown(value)}")


def overview(anchor_date, tickers, benchmarks) -> None:
    """Page 00."""
    _tickers("tickers", tickers)
    _day("anchor_date", anchor_date, tickers[0])
    _tickers("benchmarks", benchmarks, example=case.BENCHMARK)


def market_size(claim_usd_bn, projection_to, projection_rates, **values: object) -> None:
    """Page 01; ``values`` holds the Tesla assumptions by their names in ``tesla_assumptions.csv``, which bounds
    each."""
    from analysis.data import market_tables

    _number("claim_usd_bn", claim_usd_bn, 0, MAX_CLAIM_USD_BN, f"USD billion above 0, at most {MAX_CLAIM_USD_BN:,.0f}")
    year = projection_to if isinstance(projection_to, int) and not isinstance(projection_to, bool) else None
    if year is None or not case.CLAIM_YEAR < year <= 2100:
        raise UserError(f"parameter projection_to takes a year after {case.CLAIM_YEAR} up to 2100, got "
                        f"{_shown(projection_to)}")  # fmt: skip
    rates = market_tables.growth_rates()["fact_id"].tolist()
    if not isinstance(projection_rates, dict) or not projection_rates:
        raise UserError(f"parameter projection_rates takes a mapping of case names to fact ids, e.g. "
                        f"{{\"base\": \"D026\"}} (one or more of {', '.join(rates)}); got "
                        f"{_shown(projection_rates)}")  # fmt: skip
    for key, fact in projection_rates.items():
        if fact not in rates:
            raise UserError(f"parameter projection_rates[{key!r}] = {_shown(fact)} is not a growth-rate fact id; "
                            f"use one of {', '.join(rates)}")  # fmt: skip
    table = market_tables.tesla_assumptions()
    for name, row in table.iterrows():
        cap = MAX_ASSUMPTION_TIMES_HIGH * float(row["high"])
        _number(name, values[name], 0, cap, f"{row['unit']} above 0 and at most {cap:,.10g} (1,000 × its high case)")


def aws_quarter(quarter, claimed_sales_usd_bn, claimed_yoy_growth, results_date, benchmark) -> None:
    """Page 02: the quarter must be in the AWS series with a year-ago quarter."""
    from analysis.data import cloud_tables
    from analysis.market import cloud

    metrics = cloud.aws_metrics(cloud_tables.load_table("usd"))
    known = list(metrics.index[4:])
    if quarter not in known:
        raise UserError(f"parameter quarter takes a quarter like \"2023Q2\" from {known[0]} to {known[-1]} (AWS's "
                        f"series with a year-ago quarter), got {_shown(quarter)}")  # fmt: skip
    _number("claimed_sales_usd_bn", claimed_sales_usd_bn, 0, MAX_CLAIM_USD_BN, "USD billion above 0")
    _number("claimed_yoy_growth", claimed_yoy_growth, -1, 1000, "a fraction above -1, e.g. 0.12 for +12%")
    _day("results_date", results_date, case.INCUMBENT)
    _ticker("benchmark", benchmark, others=(case.INCUMBENT,))


def announcement(event_date, tickers, peers, benchmark, alt_benchmark, model, estimation, window, robust_dates,
                 robust_windows, contrast_date, plot_days) -> None:  # fmt: skip
    """Page 03."""
    _tickers("tickers", tickers)
    _day("event_date", event_date, tickers[0])
    if len(tickers) != 2:
        raise UserError(f"parameter tickers takes two tickers, the subject and the incumbent, e.g. "
                        f"[\"{case.SUBJECT}\", \"{case.INCUMBENT}\"]; got {_shown(tickers)}")  # fmt: skip
    _tickers("peers", peers, empty=True, others=tuple(tickers))
    _ticker("benchmark", benchmark, others=(*tickers, *peers))
    _ticker("alt_benchmark", alt_benchmark, others=(*tickers, *peers, benchmark))
    if model not in MODELS:
        raise UserError(f"parameter model takes one of {', '.join(MODELS)}, got {_shown(model)}")
    _, last = _estimation("estimation", estimation)
    _window("window", window, last)
    if not isinstance(robust_dates, list):
        raise UserError(f"parameter robust_dates takes a list of dates (or [] for the default), got "
                        f"{_shown(robust_dates)}")  # fmt: skip
    for i, day in enumerate(robust_dates):
        _day(f"robust_dates[{i}]", day, tickers[0])
    _windows("robust_windows", robust_windows, last)
    _day("contrast_date", contrast_date, tickers[0])
    _window("plot_days", plot_days, last)


def compute(ticker, kinds, start, end, drop, benchmark, estimation, windows, plot_window, incumbents,
            bhar_benchmarks) -> None:  # fmt: skip
    """Page 04 (the drop dates are checked against the milestones by ``timeline.check_drop``)."""
    _ticker("ticker", ticker)
    known = timeline.COMPUTE_KINDS
    if not isinstance(kinds, list) or not kinds or any(k not in known for k in kinds) or len(set(kinds)) < len(kinds):
        raise UserError(f"parameter kinds takes one or more of {', '.join(known)}, each once; got {_shown(kinds)}")
    if _date("start", start) > _date("end", end):
        raise UserError(f"parameters start {start} and end {end} are reversed; give start <= end")
    if not isinstance(drop, list) or not all(isinstance(d, str) for d in drop):
        raise UserError(f"parameter drop takes a list of YYYY-MM-DD news dates, got {_shown(drop)}")
    _ticker("benchmark", benchmark, others=(ticker,))
    _, last = _estimation("estimation", estimation)
    _windows("windows", windows, last)
    _window("plot_window", plot_window, last)
    _tickers("incumbents", incumbents, empty=True, others=(ticker, benchmark))
    _tickers("bhar_benchmarks", bhar_benchmarks, others=(ticker,), example=case.BENCHMARK)
    ms = timeline.milestones(tuple(kinds), ticker, start, end, timeline.check_drop(drop, ticker,
                             what="parameter drop"), window=tuple(windows[0]))  # fmt: skip
    if len(ms) < 2:
        held = "one milestone" if len(ms) == 1 else "no milestone"
        raise UserError(
            f"parameters start..end ({start} to {end}) hold {held} of {ticker} once drop is applied; a "
            "CAAR needs at least 2: widen start..end, or study the one date with: python -m analysis event "
            f"{ticker} --date {ms['day0'].iloc[0].date() if len(ms) else start}"
        )


PAGES: dict[str, Callable[..., None]] = {
    "00_data_overview": overview,
    "01_market_size": market_size,
    "02_aws_quarter": aws_quarter,
    "03_announcement_event_study": announcement,
    "04_compute_story": compute,
}


def check(stem: str, values: dict) -> None:
    """Check a notebook's parameters (its defaults with the overrides applied) before a kernel starts."""
    if stem in PAGES:
        PAGES[stem](**values)
