"""Event studies after MacKinlay (1997), vectorised over many tickers and events.

Returns are simple close-to-close returns. Day 0 is the first trading day on or after the requested date;
relative days count trading days. For each (ticker, event) pair a normal-return model is fitted on the
estimation window and abnormal returns (AR) are measured over the event window:

- ``market``: OLS of the ticker's return on the benchmark's, ``R = alpha + beta * Rm + e``;
- ``market-adjusted``: ``AR = R - Rm`` (alpha 0, beta 1, nothing fitted);
- ``constant-mean``: ``AR = R - mean(R)`` over the estimation window.

The variance of the cumulative abnormal return (CAR) includes the estimation-error term, the prediction
error of the fitted model: for the market model ``sigma^2 * (L2 + L2^2 / L1 + (sum Rm* - L2 * mean Rm)^2 / Sxx)``
with L1 estimation days, L2 event days, Rm* the benchmark's event-window returns and Sxx the benchmark's
sum of squared deviations over the estimation window. The t statistic is referred to Student's t with
L1 - 2 (market) or L1 - 1 degrees of freedom; p-values are two-sided.
Abnormal volume is log share volume minus its estimation-window mean, in estimation-window standard deviations.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from analysis import calendar, prices
from analysis.errors import UserError

MODELS = ("market", "market-adjusted", "constant-mean")
DEFAULT_ESTIMATION = (-120, -11)
DEFAULT_WINDOW = (-1, 1)
MIN_ESTIMATION_DAYS = 30
BAND_LEVEL = 0.95


@dataclass(frozen=True)
class Spec:
    """How to measure: normal-return model, estimation window and event window in relative trading days."""

    model: str = "market"
    estimation: tuple[int, int] = DEFAULT_ESTIMATION
    window: tuple[int, int] = DEFAULT_WINDOW

    def check(self) -> "Spec":
        """Raise a UserError for an unknown model or reversed, overlapping or too short windows."""
        if self.model not in MODELS:
            raise UserError(f"model {self.model!r} is not one of {', '.join(MODELS)}")
        (e0, e1), (w0, w1) = self.estimation, self.window
        if e0 > e1:
            raise UserError(f"estimation window {e0} {e1} is reversed; give START <= END")
        if w0 > w1:
            raise UserError(f"event window {w0} {w1} is reversed; give START <= END")
        if e1 >= w0:
            raise UserError(f"estimation window {e0}..{e1} overlaps the event window {w0}..{w1}; end it before {w0}")
        if e1 - e0 + 1 < MIN_ESTIMATION_DAYS:
            raise UserError(f"estimation window {e0}..{e1} has {e1 - e0 + 1} days; use at least {MIN_ESTIMATION_DAYS}")
        return self


@dataclass
class Study:
    """Results: one summary row per (ticker, event) pair, and one row per pair and event-window day."""

    summary: pd.DataFrame
    daily: pd.DataFrame


def simple_returns(closes: pd.DataFrame) -> pd.DataFrame:
    """Close-to-close returns; the first row (no previous close) is dropped."""
    return closes.pct_change().iloc[1:]


def locate_day0(index: pd.DatetimeIndex, dates: pd.Series) -> tuple[np.ndarray, pd.DatetimeIndex]:
    """Positions in ``index`` of the first trading day on or after each date, and the parsed dates."""
    unique = pd.Index(pd.unique(pd.Series(dates)))
    days = pd.DatetimeIndex([calendar.parse_date(d, "event date") for d in unique])
    outside = (days < index[0]) | (days > index[-1])
    if outside.any():
        bad = days[outside][0]
        raise UserError(f"event date {bad.date()} is outside the return data ({index[0].date()} to {index[-1].date()})")
    parsed = days[unique.get_indexer(pd.Series(dates))]
    return index.searchsorted(parsed), parsed


def _offsets(start: int, end: int) -> np.ndarray:
    return np.arange(start, end + 1)


def _check_reach(index: pd.DatetimeIndex, pos: np.ndarray, spec: Spec, days: pd.DatetimeIndex) -> None:
    """Both windows must lie inside the return data for every event."""
    (e0, _), (_, w1) = spec.estimation, spec.window
    early, late = pos + e0 < 0, pos + w1 >= len(index)
    if early.any():
        i = int(early.argmax())
        raise UserError(
            f"estimation window starts {-e0} trading days before day 0 of {days[i].date()} ({index[pos[i]].date()}), "
            f"before the first return ({index[0].date()}); use a later date or a shorter window"
        )
    if late.any():
        i = int(late.argmax())
        raise UserError(
            f"event window ends {w1} trading days after day 0 of {days[i].date()} ({index[pos[i]].date()}), "
            f"after the last return ({index[-1].date()}); use an earlier date or a shorter window"
        )


def study(
    returns: pd.DataFrame,
    events: pd.DataFrame,
    benchmark: str,
    spec: Spec = Spec(),
    volumes: pd.DataFrame | None = None,
) -> Study:
    """Event study of many (ticker, date) pairs at once.

    ``returns`` holds one column per ticker and the benchmark; ``events`` has columns ``ticker`` and ``date``;
    ``volumes`` (optional, same layout as returns) adds abnormal volume.
    """
    spec.check()
    if benchmark not in returns.columns:
        raise UserError(f"benchmark {benchmark} has no returns in the data")
    tickers = events["ticker"].tolist()
    for t in tickers:
        if t == benchmark:
            raise UserError(f"ticker {t} is also the benchmark; choose another benchmark")
        if t not in returns.columns:
            raise UserError(f"ticker {t} has no returns in the data")
    index = returns.index
    pos, requested = locate_day0(index, events["date"])
    _check_reach(index, pos, spec, requested)

    cols = returns.columns.get_indexer(tickers)
    bcol = returns.columns.get_loc(benchmark)
    data = returns.to_numpy(dtype=float)
    est = pos[:, None] + _offsets(*spec.estimation)[None, :]
    win = pos[:, None] + _offsets(*spec.window)[None, :]
    r_est, m_est = data[est, cols[:, None]], data[est, bcol]
    r_win, m_win = data[win, cols[:, None]], data[win, bcol]
    fit = _fit(spec.model, r_est, m_est, m_win)
    n1, n2 = r_est.shape[1], r_win.shape[1]

    expected = fit["alpha"][:, None] + fit["beta"][:, None] * m_win
    ar = r_win - expected
    car_path = np.cumsum(ar, axis=1)
    var_path = fit["sigma2"][:, None] * _variance_factor(spec.model, m_win, fit, n1)
    car, var_car = car_path[:, -1], var_path[:, -1]
    t_stat = car / np.sqrt(var_car)
    p_value = 2 * stats.t.sf(np.abs(t_stat), fit["dof"])
    half_band = stats.t.ppf(1 - (1 - BAND_LEVEL) / 2, fit["dof"]) * np.sqrt(var_path)

    summary = pd.DataFrame(
        {
            "ticker": tickers,
            "benchmark": benchmark,
            "model": spec.model,
            "requested_date": requested.strftime("%Y-%m-%d"),
            "day0": index[pos].strftime("%Y-%m-%d"),
            "estimation_start": spec.estimation[0],
            "estimation_end": spec.estimation[1],
            "window_start": spec.window[0],
            "window_end": spec.window[1],
            "alpha": fit["alpha"],
            "beta": fit["beta"],
            "sigma": np.sqrt(fit["sigma2"]),
            "n_estimation": n1,
            "car": car,
            "car_se": np.sqrt(var_car),
            "t_stat": t_stat,
            "p_value": p_value,
        }
    )
    rel = np.tile(_offsets(*spec.window), len(pos))
    daily = pd.DataFrame(
        {
            "ticker": np.repeat(tickers, n2),
            "day0": np.repeat(summary["day0"].to_numpy(), n2),
            "rel_day": rel,
            "date": index[win.ravel()],
            "return": r_win.ravel(),
            "benchmark_return": m_win.ravel(),
            "expected": expected.ravel(),
            "ar": ar.ravel(),
            "car": car_path.ravel(),
            "car_se": np.sqrt(var_path).ravel(),
            "car_lo": (car_path - half_band).ravel(),
            "car_hi": (car_path + half_band).ravel(),
        }
    )
    if volumes is not None:
        _add_volume(summary, daily, volumes, tickers, est, win)
    return Study(summary, daily)


def _fit(model: str, r_est: np.ndarray, m_est: np.ndarray, m_win: np.ndarray) -> dict[str, np.ndarray]:
    """Per-pair normal-return parameters, residual variance and degrees of freedom."""
    n1 = r_est.shape[1]
    m_mean, r_mean = m_est.mean(axis=1), r_est.mean(axis=1)
    sxx = ((m_est - m_mean[:, None]) ** 2).sum(axis=1)
    if model == "market":
        beta = ((m_est - m_mean[:, None]) * (r_est - r_mean[:, None])).sum(axis=1) / sxx
        alpha = r_mean - beta * m_mean
        dof = n1 - 2
    elif model == "constant-mean":
        beta, alpha, dof = np.zeros_like(r_mean), r_mean, n1 - 1
    else:  # market-adjusted
        beta, alpha, dof = np.ones_like(r_mean), np.zeros_like(r_mean), n1 - 1
    resid = r_est - alpha[:, None] - beta[:, None] * m_est
    if model == "market-adjusted":
        resid = resid - resid.mean(axis=1, keepdims=True)
    sigma2 = (resid**2).sum(axis=1) / dof
    return {"alpha": alpha, "beta": beta, "sigma2": sigma2, "dof": dof, "m_mean": m_mean, "sxx": sxx}


def _variance_factor(model: str, m_win: np.ndarray, fit: dict[str, np.ndarray], n1: int) -> np.ndarray:
    """Var(CAR from the window start to each day) / sigma^2, including estimation error."""
    k = np.arange(1, m_win.shape[1] + 1)[None, :].astype(float)
    if model == "market":
        gap = np.cumsum(m_win, axis=1) - k * fit["m_mean"][:, None]
        return k + k**2 / n1 + gap**2 / fit["sxx"][:, None]
    if model == "constant-mean":
        return np.broadcast_to(k + k**2 / n1, m_win.shape)
    return np.broadcast_to(k, m_win.shape)


def _add_volume(summary, daily, volumes, tickers, est, win) -> None:
    """Abnormal log volume in estimation-window standard deviations, per day and averaged over the window."""
    logv = np.log(volumes.loc[:, tickers].to_numpy(dtype=float))
    col = np.arange(len(tickers))[:, None]
    v_est, v_win = logv[est, col], logv[win, col]
    mean, sd = v_est.mean(axis=1), v_est.std(axis=1, ddof=1)
    z = (v_win - mean[:, None]) / sd[:, None]
    daily["volume_z"] = z.ravel()
    summary["abnormal_volume_z"] = z.mean(axis=1)
    summary["volume_ratio"] = np.exp((v_win - mean[:, None]).mean(axis=1))


def load(tickers: list[str], benchmark: str, folder=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Returns and volumes of the tickers and the benchmark on the dates they all share, from the snapshot."""
    names = list(dict.fromkeys([prices.check_ticker(t) for t in tickers] + [prices.check_ticker(benchmark)]))
    closes = prices.panel(names, "close", folder)
    volumes = prices.panel(names, "volume", folder).loc[closes.index]
    rets = simple_returns(closes)
    return rets, volumes.loc[rets.index]


def run(
    tickers: list[str],
    date: str,
    benchmark: str = "SPY",
    spec: Spec = Spec(),
    folder=None,
) -> Study:
    """One event date for several tickers, straight from the snapshot."""
    spec.check()
    bench = prices.check_ticker(benchmark)
    names = [prices.check_ticker(t) for t in tickers]
    if bench in names:
        raise UserError(f"ticker {bench} is also the benchmark; choose another benchmark")
    rets, vols = load(names, bench, folder)
    events = pd.DataFrame({"ticker": names, "date": [date] * len(names)})
    return study(rets, events, bench, spec, vols)


def robustness(
    tickers: list[str],
    dates: list[str],
    benchmarks: list[str],
    windows: list[tuple[int, int]],
    models: tuple[str, ...] = MODELS,
    estimation: tuple[int, int] = DEFAULT_ESTIMATION,
    folder=None,
) -> pd.DataFrame:
    """Summary rows for every distinct combination of ticker, event date, benchmark, event window and model."""
    tickers, dates, windows = list(dict.fromkeys(tickers)), list(dict.fromkeys(dates)), list(dict.fromkeys(windows))
    rows = []
    for bench in dict.fromkeys(benchmarks):
        rets, vols = load(tickers, bench, folder)
        events = pd.DataFrame([(t, d) for d in dates for t in tickers], columns=["ticker", "date"])
        for model in models:
            for window in windows:
                rows.append(study(rets, events, bench, Spec(model, estimation, tuple(window)), vols).summary)
    return pd.concat(rows, ignore_index=True)


def stars(p_value: float) -> str:
    """Significance marks: *** p<0.01, ** p<0.05, * p<0.10."""
    return "***" if p_value < 0.01 else "**" if p_value < 0.05 else "*" if p_value < 0.10 else ""


def verdict(row: pd.Series, level: float = 0.05) -> str:
    """One sentence on one summary row, e.g. 'TSLA: CAR -4.3% over -1..+1 (t = -0.94, p = 0.35), not significant'."""
    sig = "significant" if row["p_value"] < level else "not significant"
    return (
        f"{row['ticker']}: CAR {row['car'] * 100:+.1f}% over days {row['window_start']:+d}..{row['window_end']:+d} "
        f"around {row['day0']} (t = {row['t_stat']:.2f}, p = {row['p_value']:.3f}), {sig} at {level:.0%}"
    )


def rebased_window(closes: pd.DataFrame, day0: str, start: int, end: int, base: int = -1) -> pd.DataFrame:
    """Closes from ``start`` to ``end`` trading days around day 0, rebased to 100 on relative day ``base``."""
    p = closes.index.get_loc(pd.Timestamp(day0))
    if p + start < 0 or p + end >= len(closes):
        raise UserError(f"days {start}..{end} around {day0} reach outside the price data")
    window = closes.iloc[p + start : p + end + 1]
    return window / closes.iloc[p + base] * 100.0
