"""Event studies after MacKinlay (1997): per-event normal-return fits, computed one event date at a time.

Returns are daily total returns, ``(P_t + D_t) / P_{t-1} - 1`` with cash dividends on their ex-dates. Day 0 is the first
trading day on or after the requested date; relative days count trading days. For each (ticker, event) pair a
normal-return model is fitted on the estimation window and abnormal returns (AR) are measured over the event window:

- ``market``: OLS of the ticker's return on the benchmark's, ``R = alpha + beta * Rm + e``;
- ``market-adjusted``: ``AR = R - Rm`` (alpha 0, beta 1, nothing fitted);
- ``constant-mean``: ``AR = R - mean(R)`` over the estimation window.

The variance of the cumulative abnormal return (CAR) includes the estimation-error term, the prediction
error of the fitted model: for the market model ``sigma^2 * (L2 + L2^2 / L1 + (sum Rm* - L2 * mean Rm)^2 / Sxx)``
with L1 estimation days, L2 event days, Rm* the benchmark's event-window returns and Sxx the benchmark's
sum of squared deviations over the estimation window (MacKinlay 1997, eq. 14-15 and the market-model
prediction-error variance). The t statistic (the standardized CAR, SCAR) is referred to Student's t with
L1 - 2 (market) or L1 - 1 degrees of freedom; p-values are two-sided.
Abnormal volume is log share volume minus its estimation-window mean, in estimation-window standard deviations.

Pairs that share day 0 and benchmark are fitted together as one matrix, so memory grows with the number of
pairs, never with pairs x estimation days. Aggregate statistics over many events live in ``analysis.methods.caar``.
"""

from dataclasses import dataclass, fields
from functools import cached_property

import numpy as np
import pandas as pd

from analysis import case, fmt
from analysis.data.errors import UserError
from analysis.methods import alignment, pvalues
from analysis.methods.power import Interval, detectable, read
from analysis.methods.spec import BAND_LEVEL, Model, Spec
from analysis.methods.summary import Summary


@dataclass
class Arrays:
    """The numbers behind a study, one row per event in input order (N events, L2 event-window days).

    ``var_ar`` is the variance of each day's AR and ``var_car`` that of the CAR from the window start to each day,
    both with the estimation-error term; ``est_ar`` (N x L1) holds the estimation-window abnormal returns when the
    study was asked to keep them (the aggregate tests need them).
    """

    pos: np.ndarray
    rel: np.ndarray
    ar: np.ndarray
    var_ar: np.ndarray
    var_car: np.ndarray
    dof: int
    est_ar: np.ndarray | None = None
    volume_z: np.ndarray | None = None

    def take(self, rows) -> "Arrays":
        """The same arrays for a subset of events (positions or a boolean mask)."""
        per_event = {
            name: getattr(self, name)[rows] if getattr(self, name) is not None else None
            for name in ("pos", "ar", "var_ar", "var_car", "est_ar", "volume_z")
        }
        return Arrays(rel=self.rel, dof=self.dof, **per_event)

    @property
    def sar(self) -> np.ndarray:
        """Standardized abnormal returns AR / sd(AR), with the prediction-error correction (Patell 1976)."""
        return self.ar / np.sqrt(self.var_ar)

    @property
    def car(self) -> np.ndarray:
        """CAR over the whole event window, per event."""
        return self.ar.sum(axis=1)

    @property
    def scar(self) -> np.ndarray:
        """Standardized CAR: CAR / sd(CAR) over the whole window, per event (the per-event t statistic)."""
        return self.car / np.sqrt(self.var_car[:, -1])


@dataclass(frozen=True)
class EventResult:
    """One (ticker, event) pair: the fitted normal-return model and the test of its CAR over the event window.

    ``ci_low``/``ci_high`` bound the CAR at ``BAND_LEVEL`` (CAR ± t(dof) · car_se); ``volume_z`` (mean over the
    window of log volume in estimation-window standard deviations) and ``volume_ratio`` (window volume as a multiple
    of normal) are there when the study was given volumes.
    """

    ticker: str
    benchmark: str
    model: Model
    requested_date: str
    day0: str
    estimation_start: int
    estimation_end: int
    window_start: int
    window_end: int
    alpha: float
    beta: float
    sigma: float
    n_estimation: int
    car: float
    car_se: float
    t_stat: float
    p_value: float
    dof: int
    ci_low: float
    ci_high: float
    abnormal_volume_z: float | None = None
    volume_ratio: float | None = None

    @property
    def window(self) -> str:
        """The event window as people read it, e.g. '-1..+1'."""
        return f"{self.window_start:+d}..{self.window_end:+d}"

    def reading(self, level: float = case.LEVEL) -> Interval:
        """What the CAR's interval allows for a reaction in either direction, with the smallest detectable CAR."""
        return read(self.car, self.ci_low, self.ci_high, detectable(self.car_se, self.dof, level))


FIELDS = [f.name for f in fields(EventResult)]


def results_of(table: pd.DataFrame) -> list[EventResult]:
    """Rows of a study's table (or of several, as in a robustness grid) as typed records, in order."""
    cols = [c for c in FIELDS if c in table.columns]
    return [EventResult(**dict(zip(cols, row, strict=True))) for row in table[cols].itertuples(index=False)]


@dataclass
class Study:
    """Results of a study. The engine computes ``arrays`` and each pair's CAR, its standard error and t (``car``,
    ``car_se``, ``t_stat``); built on first use from them: ``table``, one row per (ticker, event) pair with what
    varies by pair (p-value, interval, labels; the settings shared by every pair are ``spec`` and :meth:`full_table`
    adds them as columns), ``results`` (each pair as a typed :class:`EventResult`) and ``daily`` (one row per pair
    and event-window day)."""

    arrays: Arrays
    dates: pd.DatetimeIndex
    spec: Spec
    tickers: np.ndarray
    benchmarks: np.ndarray
    requested: pd.DatetimeIndex
    fitted: np.ndarray  # alpha, beta, sigma per pair
    car: np.ndarray
    car_se: np.ndarray
    t_stat: np.ndarray
    source: np.ndarray  # the return (or log-volume) matrix the study read, for the daily frame's raw series
    cols: np.ndarray  # each pair's column in ``source``
    bench_cols: np.ndarray  # each pair's benchmark column in ``source``
    volume_ratio: np.ndarray | None = None

    @cached_property
    def table(self) -> pd.DataFrame:
        """One row per pair: ticker, benchmark, requested date, day 0, alpha, beta, sigma, CAR, its standard error,
        t, two-sided p-value and interval (and abnormal volume where the study had volumes)."""
        a, spec = self.arrays, self.spec
        half = pvalues.t_quantile(1 - (1 - BAND_LEVEL) / 2, spec.dof) * self.car_se
        columns = {
            "ticker": self.tickers,
            "benchmark": self.benchmarks,
            "requested_date": alignment.iso(self.requested),
            "day0": alignment.iso(self.dates[a.pos]),
            "alpha": self.fitted[:, 0],
            "beta": self.fitted[:, 1],
            "sigma": self.fitted[:, 2],
            "car": self.car,
            "car_se": self.car_se,
            "t_stat": self.t_stat,
            "p_value": pvalues.t_two_sided(self.t_stat, spec.dof),
            "ci_low": self.car - half,
            "ci_high": self.car + half,
        }
        if a.volume_z is not None:
            columns["abnormal_volume_z"] = a.volume_z.mean(axis=1)
            columns["volume_ratio"] = self.volume_ratio
        return pd.DataFrame(columns)

    def full_table(self) -> pd.DataFrame:
        """``table`` with the study's settings as columns, in the order of :class:`EventResult`."""
        s, n = self.spec, len(self.table)
        shared = {
            "model": s.model,
            "estimation_start": s.estimation[0],
            "estimation_end": s.estimation[1],
            "window_start": s.window[0],
            "window_end": s.window[1],
            "n_estimation": s.estimation[1] - s.estimation[0] + 1,
            "dof": s.dof,
        }
        full = self.table.assign(
            **{k: np.full(n, v, dtype=object if isinstance(v, str) else int) for k, v in shared.items()}
        )
        return full[[c for c in FIELDS if c in full.columns]]

    @property
    def results(self) -> list[EventResult]:
        """The pairs as typed records, in input order."""
        return results_of(self.full_table())

    def result(self, ticker: str) -> EventResult:
        """The first pair of ``ticker``."""
        return next(r for r in self.results if r.ticker == ticker)

    def summary(self) -> Summary:
        """The study for people: settings, one line per pair, and the daily abnormal returns (built when shown)."""
        return Summary(self._summary_parts)

    def _summary_parts(self):
        first = self.results[0]
        head = (
            f"Event study: {first.model} model against {first.benchmark}, requested {first.requested_date}, "
            f"day 0 = {first.day0}, estimation {first.estimation_start}..{first.estimation_end}, "
            f"window {first.window_start}..{first.window_end}"
        )
        rows = pd.DataFrame(
            {
                "ticker": [r.ticker for r in self.results],
                "alpha": [f"{r.alpha:.5f}" for r in self.results],
                "beta": [f"{r.beta:.3f}" for r in self.results],
                "CAR": [fmt.pct(r.car) for r in self.results],
                f"{BAND_LEVEL:.0%} interval": [f"{fmt.pct(r.ci_low)} to {fmt.pct(r.ci_high)}" for r in self.results],
                "t": [f"{r.t_stat:.2f}" for r in self.results],
                "p": [f"{r.p_value:.3f}" for r in self.results],
                "volume z": [
                    "" if r.abnormal_volume_z is None else f"{r.abnormal_volume_z:+.2f}" for r in self.results
                ],
            }
        )
        daily = self.daily.pivot_table(index=["rel_day", "date"], columns="ticker", values="ar", sort=True)
        daily = daily[list(dict.fromkeys(r.ticker for r in self.results))].map(fmt.pct)
        daily.insert(0, "day", [f"{r:+d} {d.date()}" for r, d in daily.index])
        return head, [("", rows), ("Daily abnormal returns:", daily)], []

    @cached_property
    def daily(self) -> pd.DataFrame:
        """One row per pair and event-window day: returns, expected and abnormal returns, the CAR path and its band."""
        a = self.arrays
        n2 = len(a.rel)
        rows = a.pos[:, None] + a.rel[None, :]
        ret, bench = self.source[rows, self.cols[:, None]], self.source[rows, self.bench_cols[:, None]]
        car_path = np.cumsum(a.ar, axis=1)
        se_path = np.sqrt(a.var_car)
        half_band = pvalues.t_quantile(1 - (1 - BAND_LEVEL) / 2, a.dof) * se_path
        frame = pd.DataFrame(
            {
                "ticker": np.repeat(self.table["ticker"].to_numpy(), n2),
                "day0": np.repeat(self.table["day0"].to_numpy(), n2),
                "rel_day": np.tile(a.rel, len(a.pos)),
                "date": self.dates[(a.pos[:, None] + a.rel[None, :]).ravel()],
                "return": ret.ravel(),
                "benchmark_return": bench.ravel(),
                "expected": (ret - a.ar).ravel(),
                "ar": a.ar.ravel(),
                "car": car_path.ravel(),
                "car_se": se_path.ravel(),
                "car_lo": (car_path - half_band).ravel(),
                "car_hi": (car_path + half_band).ravel(),
            }
        )
        if a.volume_z is not None:
            frame["volume_z"] = a.volume_z.ravel()
        return frame


def study(
    returns: pd.DataFrame,
    events: pd.DataFrame,
    benchmark: str | None,
    spec: Spec | None = None,
    volumes: pd.DataFrame | None = None,
    keep_estimation: bool = False,
    where: alignment.Where = None,
) -> Study:
    """Event study of many (ticker, date) pairs at once.

    ``returns`` holds one column per ticker and benchmark; ``events`` has columns ``ticker`` and ``date`` and
    optionally ``benchmark`` (a per-event benchmark that overrides ``benchmark``); ``volumes`` (optional, same
    layout as returns) adds abnormal volume; ``keep_estimation`` keeps the estimation-window abnormal returns for
    the aggregate tests; ``where(i)`` names event i's origin in error messages.
    """
    spec = (spec or Spec()).check()
    n = len(events)
    if n == 0:
        raise UserError("no events to study")
    tickers = events["ticker"].to_numpy()
    if "benchmark" in events.columns:
        benches = events["benchmark"].to_numpy(dtype=object)
        bcols = alignment.columns(returns, benches, "benchmark", where)
    elif benchmark is not None:
        if benchmark not in returns.columns:
            raise UserError(f"benchmark {benchmark} has no returns in the data")
        benches, bcols = benchmark, np.full(n, returns.columns.get_loc(benchmark))
    else:
        raise UserError("no benchmark given")
    cols = alignment.columns(returns, tickers, "ticker", where)
    if (cols == bcols).any():
        i = int((cols == bcols).argmax())
        where_i = alignment.origin(where, i)
        raise UserError(f"{where_i}ticker {tickers[i]} is also the benchmark; choose another benchmark")
    index = returns.index
    pos, requested = alignment.locate_day0(index, events["date"], where)
    alignment.check_reach(index, pos, spec, requested, where)

    data = returns.to_numpy(dtype=float)
    logv = None
    if volumes is not None:
        logv = np.log(volumes.to_numpy(dtype=float))
        vcols = alignment.columns(volumes, tickers, "ticker", where)
    (e0, e1), (w0, w1) = spec.estimation, spec.window
    n1, n2 = e1 - e0 + 1, w1 - w0 + 1
    out = {k: np.empty((n, n2)) for k in ("ar", "var_ar", "var_car")}
    fitted = np.empty((n, 3))  # alpha, beta, residual variance: one block, so the summary needs no copy
    est_ar = np.empty((n, n1)) if keep_estimation else None
    volume_z = np.empty((n, n2)) if logv is not None else None
    volume_ratio = np.empty(n)

    has_gaps = not np.isfinite(data).all()  # tickers with different histories: check each pair's rows
    key = pos.astype(np.int64) * data.shape[1] + bcols
    order = np.argsort(key, kind="stable")
    ordered = bool((order == np.arange(n)).all())
    skey = key[order]
    starts = np.flatnonzero(np.r_[True, skey[1:] != skey[:-1]])
    for start, end in zip(starts, [*starts[1:], n], strict=True):
        idx = slice(start, end)
        first = order[start]
        p, b = pos[first], bcols[first]
        gcols = _as_slice(cols[order[idx]])
        est, win = slice(p + e0, p + e1 + 1), slice(p + w0, p + w1 + 1)
        m_est, m_win = data[est, b], data[win, b]
        r_est, r_win = data[est][:, gcols], data[win][:, gcols]
        if has_gaps and not (np.isfinite(r_est).all() and np.isfinite(r_win).all() and np.isfinite(m_est).all()
                             and np.isfinite(m_win).all()):  # fmt: skip
            alignment.no_data(returns, order[idx], cols, bcols, pos, spec, where)
        a, bt, s2, ar_est, m_mean, sxx = _fit(spec.model, r_est, m_est, keep_estimation)
        day_factor, path_factor = _variance_factors(spec.model, m_win, m_mean, sxx, n1)
        fitted[idx, 0], fitted[idx, 1], fitted[idx, 2] = a, bt, s2
        out["ar"][idx] = (r_win - a - np.outer(m_win, bt)).T
        out["var_ar"][idx] = s2[:, None] * day_factor
        out["var_car"][idx] = s2[:, None] * path_factor
        if est_ar is not None:
            est_ar[idx] = ar_est.T
        if volume_z is not None:
            vc = _as_slice(vcols[order[idx]])
            v_est, v_win = logv[est][:, vc], logv[win][:, vc]
            gap = v_win - v_est.mean(axis=0)
            volume_z[idx] = (gap / v_est.std(axis=0, ddof=1)).T
            volume_ratio[idx] = np.exp(gap.mean(axis=0))
    if not ordered:  # computed in group order; put every array back in event order
        back = np.empty(n, dtype=np.int64)
        back[order] = np.arange(n)
        out = {k: v[back] for k, v in out.items()}
        fitted, volume_ratio = fitted[back], volume_ratio[back]
        est_ar = est_ar[back] if est_ar is not None else None
        volume_z = volume_z[back] if volume_z is not None else None

    arrays = Arrays(
        pos=pos,
        rel=np.arange(w0, w1 + 1),
        dof=spec.dof,
        est_ar=est_ar,
        volume_z=volume_z,
        **out,
    )
    alignment.check_varies(fitted, tickers, index[pos], where)
    car, car_se = arrays.car, np.sqrt(arrays.var_car[:, -1])
    t_stat = car / car_se
    fitted[:, 2] = np.sqrt(fitted[:, 2])
    benches = np.broadcast_to(np.asarray(benches, dtype=object), n)
    return Study(
        arrays, index, spec, tickers, benches, requested, fitted, car, car_se, t_stat, data, cols, bcols, volume_ratio
    )


def _as_slice(positions: np.ndarray) -> slice | np.ndarray:
    """Consecutive column positions as a slice (a view, no copy); any others unchanged."""
    first, last = int(positions[0]), int(positions[-1])
    if last - first + 1 == len(positions) and (np.diff(positions) == 1).all():
        return slice(first, last + 1)
    return positions


def _fit(model: Model, r_est: np.ndarray, m_est: np.ndarray, keep: bool):
    """Normal-return fit of k tickers (columns of ``r_est``, L1 x k) against one benchmark series ``m_est``.

    Returns alpha, beta and residual variance (each of length k), the estimation-window abnormal returns
    (L1 x k, only when ``keep``), and the benchmark's mean and sum of squared deviations. The residual sum of
    squares comes from sums over ``r_est`` (``sum r^2 - L1 * mean(r)^2 - beta^2 * Sxx`` for the market model), so no
    residual matrix is formed unless it is kept.
    """
    n1 = len(m_est)
    m_mean = m_est.mean()
    dm = m_est - m_mean
    sxx = dm @ dm
    if model == "market-adjusted":
        r_est = r_est - m_est[:, None]
    r_mean = r_est.mean(axis=0)
    ssr = np.einsum("ij,ij->j", r_est, r_est) - n1 * r_mean**2
    if model == "market":
        beta = (dm @ r_est) / sxx  # the deviations dm sum to zero, so r need not be centred
        alpha, dof = r_mean - beta * m_mean, n1 - 2
        ssr -= beta**2 * sxx
    elif model == "constant-mean":
        beta, alpha, dof = np.zeros_like(r_mean), r_mean, n1 - 1
    else:  # market-adjusted: AR = R - Rm, its variance about its own estimation-window mean
        beta, alpha, dof = np.ones_like(r_mean), np.zeros_like(r_mean), n1 - 1
    ar_est = None
    if keep:
        ar_est = r_est - alpha if model != "market-adjusted" else r_est.copy()
        if model == "market":
            ar_est -= np.outer(m_est, beta)
    return alpha, beta, ssr / dof, ar_est, m_mean, sxx


def _variance_factors(model: Model, m_win: np.ndarray, m_mean: float, sxx: float, n1: int):
    """Var(AR_t) / sigma^2 for each event-window day, and Var(CAR from the window start to day t) / sigma^2."""
    k = np.arange(1, len(m_win) + 1, dtype=float)
    if model == "market":
        day = 1 + 1 / n1 + (m_win - m_mean) ** 2 / sxx
        path = k + k**2 / n1 + (np.cumsum(m_win) - k * m_mean) ** 2 / sxx
    elif model == "constant-mean":
        day, path = np.full_like(k, 1 + 1 / n1), k + k**2 / n1
    else:
        day, path = np.ones_like(k), k
    return day, path
