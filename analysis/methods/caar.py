"""Multi-event studies: cumulative average abnormal returns (CAAR), the battery of tests of CAAR = 0
(:mod:`analysis.methods.battery`), intervals, multiplicity and influence.

Notation (see ``docs/methods.md``): N events i, each with L1 estimation days and an event window W of L2 days;
AR_it are abnormal returns, CAR_i = sum over W of AR_it, and SCAR_i = CAR_i / sd(CAR_i) is the standardized CAR
whose variance carries the prediction-error (estimation-error) term of ``analysis.methods.eventstudy``; under the
null SCAR_i follows Student's t with the model's residual degrees of freedom (dof). CAAR = mean_i CAR_i.

Two events of one ticker whose event windows share a trading day are refused unless ``allow_overlap`` (every test
assumes independent events). Other events are not removed from an event's estimation window: the estimation window
ends 11 sessions before day 0 by default and other news days stay in it, which widens sigma and makes each test
conservative, never liberal (``docs/methods.md``, "Estimation windows").
"""

from dataclasses import dataclass, field
from typing import Literal, get_args

import numpy as np
import pandas as pd

from analysis import case, fmt
from analysis.data.errors import UserError
from analysis.methods import alignment, battery, eventstudy, pvalues, snapshot
from analysis.methods.battery import HypothesisTest
from analysis.methods.power import Interval, detectable, read
from analysis.methods.spec import BAND_LEVEL, Spec
from analysis.methods.summary import Summary
from analysis.methods.volatility import Volatility, beaver

Measure = Literal["return", "volume"]
MEASURES: tuple[Measure, ...] = get_args(Measure)


@dataclass(frozen=True)
class EventCAR:
    """One event of a multi-event study: its CAR with standard error, t, p, interval, standardized CAR, and its
    p-value adjusted over the study's events (Holm 1979; Benjamini & Hochberg 1995)."""

    ticker: str
    date: str
    day0: str
    benchmark: str
    car: float
    car_se: float
    t_stat: float
    p_value: float
    dof: int
    ci_low: float
    ci_high: float
    scar: float
    p_holm: float
    p_bh: float
    label: str | None = None


@dataclass(frozen=True)
class Count:
    """k of n events significant at ``level``, and P(Binomial(n, level) >= k): how surprising k hits are by chance."""

    k: int
    n: int
    level: float
    p_value: float


@dataclass
class Aggregate:
    """A multi-event study: per-event rows (``table``; typed as ``events``), the daily AAR/CAAR path, the test
    battery, the CAAR with its cross-sectional interval, the hit count, and each event's influence on the CAAR."""

    table: pd.DataFrame
    daily: pd.DataFrame
    tests: dict[str, HypothesisTest]
    caar: float
    residual_correlation: float | None
    spec: Spec
    sar: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)
    caar_ci: tuple[float, float] | None = None
    count_significant: Count | None = None
    influence: pd.DataFrame = field(default_factory=pd.DataFrame)
    overlapping_pairs: int = 0
    measure: Measure = "return"
    volatility: Volatility | None = None  # Beaver's tests, for the return measure

    @property
    def n_events(self) -> int:
        """Number of events."""
        return len(self.table)

    @property
    def events(self) -> list[EventCAR]:
        """The events as typed records, in input order."""
        names = [f for f in EventCAR.__dataclass_fields__ if f in self.table.columns]
        return [EventCAR(**dict(zip(names, row, strict=True))) for row in self.table[names].itertuples(index=False)]

    @property
    def rejecting(self) -> list[str]:
        """Names of the tests that reject CAAR = 0 at ``case.LEVEL``."""
        return [t.name for t in self.tests.values() if t.rejects()]

    @property
    def computed(self) -> list[str]:
        """Names of the tests that could be computed."""
        return [t.name for t in self.tests.values() if t.computed]

    def detectable(self, level: float = case.LEVEL, power: float = 0.8) -> float | None:
        """The smallest |CAAR| the cross-sectional t detects here (:func:`detectable_caar`)."""
        return detectable_caar(self.table["car"].to_numpy(), level, power)

    def reading(self) -> Interval | None:
        """What the CAAR's interval allows for a reaction in either direction (None with fewer than two events)."""
        if self.caar_ci is None:
            return None
        return read(self.caar, *self.caar_ci, self.detectable())

    def summary(self) -> Summary:
        """The study for people: settings, per-event CARs, the test battery and the daily path (built when shown)."""
        return Summary(self._summary_parts)

    def _summary_parts(self):
        s = self.spec
        rbar = "n/a" if self.residual_correlation is None else f"{self.residual_correlation:+.3f}"
        volume = self.measure == "volume"
        what = "abnormal log volume" if volume else "abnormal returns"
        total, each, day = ("CAAV", "CAV", "AAV") if volume else ("CAAR", "CAR", "AAR")

        def amount(v: float, digits: int = 1) -> str:  # log points for volume, percent for returns
            return f"{v:+.3f}" if volume else fmt.pct(v, digits)

        ci = (
            ""
            if self.caar_ci is None
            else f" ({BAND_LEVEL:.0%} interval {amount(self.caar_ci[0], 2)} to {amount(self.caar_ci[1], 2)})"
        )

        head = (
            f"Multi-event study of {what}: {self.n_events} events, {s.model} model, estimation "
            f"{s.estimation[0]}..{s.estimation[1]}, window {s.window_label}\n{total} {amount(self.caar, 2)}{ci}; "
            f"average residual correlation {rbar}"
        )
        ev = self.events
        events = pd.DataFrame(
            {
                **({"label": [(e.label or "")[:40] for e in ev]} if "label" in self.table else {}),
                "ticker": [e.ticker for e in ev],
                "date": [e.date for e in ev],
                "day 0": [e.day0 for e in ev],
                "bench": [e.benchmark for e in ev],
                each: [amount(e.car) for e in ev],
                "interval": [f"{amount(e.ci_low)} to {amount(e.ci_high)}" for e in ev],
                "t": [f"{e.t_stat:+.2f}" for e in ev],
                "p": [f"{e.p_value:.3f}" for e in ev],
                "p Holm": [f"{e.p_holm:.3f}" for e in ev],
            }
        )
        tests = pd.DataFrame(
            {
                "test": [t.name for t in self.tests.values()],
                "statistic": [f"{t.statistic:+.3f}" if t.computed else "—" for t in self.tests.values()],
                "p": [f"{t.p_value:.3f}" if t.computed else "—" for t in self.tests.values()],
                "note": [t.note for t in self.tests.values()],
            }
        )
        daily = pd.DataFrame(
            {
                "day": self.daily["rel_day"].map(lambda d: f"{d:+d}"),
                day: self.daily["aar"].map(lambda v: amount(v, 2)),
                total: self.daily["caar"].map(lambda v: amount(v, 2)),
            }
        )
        notes = []
        if self.volatility is not None:
            v = self.volatility
            vr = "—" if v.vr_t is None else f"{v.vr_t:+.2f} (p = {v.vr_p:.3f})"
            notes.append(
                f"Abnormal volatility (Beaver 1968): chi2({v.chi2_dof}) = {v.chi2:.1f} (p = {v.chi2_p:.3f}); mean "
                f"variance ratio {v.mean_vr:.2f}, cross-sectional t {vr}"
            )
        if volume:
            notes.append(
                f"Volume in log points: a {each} of x over {len(self.daily)} days is about exp(x / "
                f"{len(self.daily)}) times normal volume a day"
            )
        if self.count_significant is not None:
            c = self.count_significant
            notes.append(
                f"{c.k} of {c.n} events significant at {c.level:g}; by chance alone P(at least {c.k}) = "
                f"{c.p_value:.3f}"
            )
        if self.overlapping_pairs:
            notes.append(f"{self.overlapping_pairs} pair(s) of events share event-window days (allowed on request)")
        sections = [
            ("", events),
            (f"Tests of {total} = 0 (two-sided):", tests),
            (f"Daily average {what} (cumulated from the window start):", daily),
        ]
        return head, sections, notes


def inputs(arrays: eventstudy.Arrays) -> battery.Inputs:
    """What the tests read, from a study that kept its estimation-window abnormal returns."""
    if arrays.est_ar is None:
        raise ValueError("the study must keep its estimation-window abnormal returns (keep_estimation=True)")
    rbar = battery.mean_pairwise_correlation(arrays.est_ar)
    return battery.Inputs(arrays.car, arrays.scar, arrays.ar, arrays.est_ar, arrays.dof, rbar)


def daily_path(arrays: eventstudy.Arrays, level: float = BAND_LEVEL, start: int | None = None) -> pd.DataFrame:
    """AAR and CAAR by relative day, with a cross-sectional band: CAAR_t +/- t(N-1) * sd_i(CAR_it) / sqrt(N).

    The CAAR cumulates from relative day ``start`` (default the first day of the window): a chart that shows days
    before the event window then reads, on each window day, what the tables say; before ``start`` it is empty."""
    n = len(arrays.pos)
    begin = int(arrays.rel[0]) if start is None else start
    from_start = arrays.rel >= begin
    car_path = np.cumsum(np.where(from_start, arrays.ar, 0.0), axis=1)
    car_path[:, ~from_start] = np.nan
    frame = pd.DataFrame(
        {
            "rel_day": arrays.rel,
            "aar": arrays.ar.mean(axis=0),
            "caar": car_path.mean(axis=0),
            "positive": (arrays.ar > 0).sum(axis=0),
        }
    )
    if n >= 2:
        half = pvalues.t_quantile(1 - (1 - level) / 2, n - 1) * car_path.std(axis=0, ddof=1) / np.sqrt(n)
        frame["caar_lo"], frame["caar_hi"] = frame["caar"] - half, frame["caar"] + half
    return frame


def adjusted_p(p_values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Holm (1979) step-down and Benjamini-Hochberg (1995) step-up adjusted p-values over one study's events.

    Holm: sort the N p-values ascending, multiply the k-th (from 0) by N - k, carry the running maximum, cap at 1.
    BH: ``scipy.stats.false_discovery_control``. (statsmodels' ``multipletests`` gives the same numbers but runs a
    full garbage collection on every call, which cost page 04 more than half of its analysis time.)"""
    from scipy.stats import false_discovery_control

    p = np.asarray(p_values, dtype=float)
    if len(p) == 0:
        return p, p
    order = np.argsort(p, kind="stable")
    steps = np.minimum(1.0, np.maximum.accumulate(p[order] * (len(p) - np.arange(len(p)))))
    holm = np.empty_like(p)
    holm[order] = steps
    return holm, false_discovery_control(p, method="bh")


def count(p_values: np.ndarray, level: float = case.LEVEL) -> Count:
    """How many events are significant at ``level``, and P(Binomial(n, level) >= k) under independence."""
    from scipy.stats import binom

    n, k = len(p_values), int((np.asarray(p_values) < level).sum())
    return Count(k, n, level, float(binom.sf(k - 1, n, level)))


def influence(table: pd.DataFrame) -> pd.DataFrame:
    """Each event's influence: the CAAR of the other N - 1 events (leave one out)."""
    car = table["car"].to_numpy()
    n = len(car)
    without = (car.sum() - car) / (n - 1) if n > 1 else np.full(n, np.nan)
    return pd.DataFrame({"ticker": table["ticker"], "day0": table["day0"], "caar_without": without})


def caar_interval(car: np.ndarray, level: float = BAND_LEVEL) -> tuple[float, float] | None:
    """CAAR ± t(1 - (1 - level)/2, N - 1) · s_CAR / sqrt(N), the interval of the cross-sectional t; None for N < 2."""
    n = len(car)
    if n < 2:
        return None
    half = pvalues.t_quantile(1 - (1 - level) / 2, n - 1) * car.std(ddof=1) / np.sqrt(n)
    return float(car.mean() - half), float(car.mean() + half)


def aggregate(
    study: eventstudy.Study,
    labels: list[str] | None = None,
    overlapping_pairs: int = 0,
    cumulate_from: int | None = None,
    measure: Measure = "return",
) -> Aggregate:
    """The multi-event result of a study that kept its estimation-window abnormal returns; the daily CAAR cumulates
    from relative day ``cumulate_from`` (default the window's first day)."""
    arrays = study.arrays
    x = inputs(arrays)
    tests = battery.run_all(x)
    cols = ["ticker", "requested_date", "day0", "benchmark", "car", "car_se", "t_stat", "p_value", "dof", "ci_low",
            "ci_high"]  # fmt: skip
    table = study.full_table()[cols].rename(columns={"requested_date": "date"})
    table.insert(len(table.columns), "scar", arrays.scar)
    holm, bh = adjusted_p(table["p_value"].to_numpy())
    table["p_holm"], table["p_bh"] = holm, bh
    if labels is not None:
        table.insert(0, "label", labels)
    spec = study.spec
    notes = [f"{t.name}: {t.note}" for t in tests.values() if t.note]
    sar = pd.DataFrame(arrays.sar, columns=arrays.rel)  # one row per event, one column per relative day
    return Aggregate(
        table, daily_path(arrays, start=cumulate_from), tests, float(arrays.car.mean()), x.rbar, spec, sar, notes,
        caar_interval(arrays.car), count(table["p_value"].to_numpy()), influence(table), overlapping_pairs, measure,
        beaver(arrays.sar, arrays.dof, arrays.rel) if measure == "return" else None,
    )  # fmt: skip


def overlaps(tickers: np.ndarray, pos: np.ndarray, window: tuple[int, int]) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of events of one ticker whose event windows share a trading day."""
    span = window[1] - window[0]
    pairs = []
    order = np.lexsort((pos, tickers))
    for a, i in enumerate(order):
        for j in order[a + 1 :]:
            if tickers[j] != tickers[i] or pos[j] - pos[i] > span:
                break
            pairs.append((int(min(i, j)), int(max(i, j))))
    return sorted(pairs)


def run(
    events: pd.DataFrame,
    benchmark: str | None = None,
    spec: Spec | None = None,
    folder=None,
    where: alignment.Where = None,
    allow_overlap: bool = False,
    cumulate_from: int | None = None,
    measure: Measure = "return",
) -> Aggregate:
    """A multi-event study from the snapshot: ``events`` has ``ticker`` and ``date``, optionally ``benchmark``
    (per-event override of ``benchmark``) and ``label``; ``where(i)`` names event i's origin in errors. Events of
    one ticker whose windows share a day are refused unless ``allow_overlap``.

    ``measure`` ``volume`` studies abnormal log volume (Campbell & Wasley 1996) with the same machinery: the series
    is ``ln(volume + 0.000255)`` of the stock, the market series that of the event's benchmark ETF; the market and
    constant-mean models apply, market-adjusted does not (levels of volume are not comparable one for one)."""
    spec = (spec or Spec()).check()
    if measure not in MEASURES:
        raise UserError(f"measure {measure!r} is not one of {', '.join(MEASURES)}")
    if measure == "volume" and spec.model == "market-adjusted":
        raise UserError(
            "the market-adjusted model subtracts the market's level from the stock's, which makes no sense for "
            "volume; use --model market (the default) or constant-mean"
        )
    benchmark = benchmark or case.BENCHMARK
    if events.empty:
        raise UserError("no events to study")
    frame = events.copy()
    if "benchmark" not in frame.columns:
        frame["benchmark"] = benchmark
    frame["benchmark"] = frame["benchmark"].fillna(benchmark).replace("", benchmark)
    if measure == "volume":
        series = snapshot.load_log_volume(frame["ticker"].tolist(), frame["benchmark"].tolist(), folder)
    else:
        series, _ = snapshot.load(frame["ticker"].tolist(), frame["benchmark"].tolist(), folder)
    study = eventstudy.study(series, frame, None, spec, keep_estimation=True, where=where)
    table = study.table
    same = table.duplicated(["ticker", "day0"])
    if same.any():
        i = int(same.to_numpy().argmax())
        row = table.iloc[i]
        twin = int(((table["ticker"] == row["ticker"]) & (table["day0"] == row["day0"])).argmax())
        first = where(twin) if where else f"event {twin + 1}"
        raise UserError(
            f"{alignment.origin(where, i)}{row['ticker']} {row['requested_date']} has the same day 0 ({row['day0']}) "
            f"as {first}; keep one of them"
        )
    pairs = overlaps(table["ticker"].to_numpy(), study.arrays.pos, spec.window)
    if pairs and not allow_overlap:
        i, j = pairs[0]
        name = (lambda k: where(k)) if where else (lambda k: f"event {k + 1}")
        raise UserError(
            f"{name(i)} and {name(j)}: {table['ticker'].iloc[i]} event windows {spec.window_label} around "
            f"{table['day0'].iloc[i]} and {table['day0'].iloc[j]} share trading days ({len(pairs)} such pair(s)); "
            "the tests assume independent events: drop one, shorten the window, or allow overlaps (--allow-overlap)"
        )
    labels = frame["label"].tolist() if "label" in frame.columns else None
    return aggregate(study, labels, len(pairs), cumulate_from, measure)


def detectable_caar(car: np.ndarray, level: float = case.LEVEL, power: float = 0.8) -> float | None:
    """Smallest |CAAR| the cross-sectional t test detects with the given power at the given two-sided level:
    :func:`analysis.methods.power.detectable` with s.e. ``s_CAR / sqrt(N)`` and N - 1 dof; None for N < 2."""
    n = len(car)
    if n < 2:
        return None
    return detectable(float(car.std(ddof=1) / np.sqrt(n)), n - 1, level, power)
