"""Event studies straight from the price snapshot: total returns and volumes loaded for the tickers asked for, one
event date for several tickers, and the robustness grid of dates, benchmarks, windows and models."""

import numpy as np
import pandas as pd

from analysis import case
from analysis.data import prices
from analysis.data.errors import UserError
from analysis.methods.eventstudy import Study, study
from analysis.methods.spec import MODELS, Model, Spec


def load(tickers: list[str], benchmark: str | list[str], folder=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Total returns and volumes of the tickers and the benchmark(s) from the snapshot, each on its own history (the
    union of their dates, NaN where a ticker has no bar): a short history of one ticker does not cut the others'."""
    benches = [benchmark] if isinstance(benchmark, str) else list(benchmark)
    names = list(dict.fromkeys(prices.check_ticker(t) for t in [*tickers, *benches]))
    rets = prices.total_returns(names, folder, shared=False)
    return rets, prices.panel(names, "volume", folder, shared=False).loc[rets.index]


VOLUME_OFFSET = 0.000255  # ln(volume + c): Campbell & Wasley (1996) add a small constant so that ln is finite


def load_log_volume(tickers: list[str], benchmark: str | list[str], folder=None) -> pd.DataFrame:
    """``ln(volume + 0.000255)`` of the tickers and the benchmark(s), each on its own history (as ``load``); the
    ETF's volume stands in for market volume. Price files with a zero or missing volume are refused when read
    (``prices.validate``), so every day of a window has a volume."""
    benches = [benchmark] if isinstance(benchmark, str) else list(benchmark)
    names = list(dict.fromkeys(prices.check_ticker(t) for t in [*tickers, *benches]))
    return np.log(prices.panel(names, "volume", folder, shared=False).astype(float) + VOLUME_OFFSET)


def run(
    tickers: list[str],
    date: str,
    benchmark: str | None = None,
    spec: Spec | None = None,
    folder=None,
) -> Study:
    """One event date for several tickers, straight from the snapshot (benchmark and spec default to the case's)."""
    spec = (spec or Spec()).check()
    bench = prices.check_ticker(benchmark or case.BENCHMARK)
    names = list(dict.fromkeys(prices.check_ticker(t) for t in tickers))
    if bench in names:
        raise UserError(f"ticker {bench} is also the benchmark; choose another benchmark")
    rets, vols = load(names, bench, folder)
    events = pd.DataFrame({"ticker": names, "date": [date] * len(names)})
    return study(rets, events, bench, spec, vols)


def run_volume(
    tickers: list[str], date: str, benchmark: str | None = None, spec: Spec | None = None, folder=None
) -> Study:
    """Abnormal log volume of several tickers around one date (the benchmark ETF's log volume as the market series;
    market or constant-mean model), straight from the snapshot."""
    spec = (spec or Spec()).check()
    bench = prices.check_ticker(benchmark or case.BENCHMARK)
    names = list(dict.fromkeys(prices.check_ticker(t) for t in tickers))
    logv = load_log_volume(names, bench, folder)
    events = pd.DataFrame({"ticker": names, "date": [date] * len(names), "benchmark": bench})
    return study(logv, events, None, spec)


def robustness(
    tickers: list[str],
    dates: list[str],
    benchmarks: list[str],
    windows: list[tuple[int, int]],
    models: tuple[Model, ...] = MODELS,
    estimation: tuple[int, int] | None = None,
    folder=None,
) -> pd.DataFrame:
    """Summary rows for every distinct combination of ticker, event date, benchmark, event window and model.

    The constant-mean model uses no benchmark, so it is run once, with ``benchmark`` set to ``"none"``.
    """
    estimation = tuple(estimation or case.ESTIMATION)
    tickers, dates, windows = list(dict.fromkeys(tickers)), list(dict.fromkeys(dates)), list(dict.fromkeys(windows))
    rows = []
    for i, bench in enumerate(dict.fromkeys(benchmarks)):
        rets, vols = load(tickers, bench, folder)
        events = pd.DataFrame([(t, d) for d in dates for t in tickers], columns=["ticker", "date"])
        for model in models:
            if model == "constant-mean" and i > 0:
                continue
            for window in windows:
                summary = study(rets, events, bench, Spec(model, estimation, tuple(window)), vols).full_table()
                if model == "constant-mean":
                    summary["benchmark"] = "none"
                rows.append(summary)
    return pd.concat(rows, ignore_index=True)
