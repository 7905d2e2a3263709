"""Multi-event studies: cumulative average abnormal returns (CAAR) and the standard battery of tests of CAAR = 0.

Notation (see ``docs/methods.md``): N events i, each with L1 estimation days and an event window W of L2 days;
AR_it are abnormal returns, CAR_i = sum over W of AR_it, and SCAR_i = CAR_i / sd(CAR_i) is the standardized CAR
whose variance carries the prediction-error (estimation-error) term of ``analysis.methods.eventstudy``; under the null
SCAR_i follows Student's t with the model's residual degrees of freedom (dof). CAAR = mean_i CAR_i.

Every test returns a :class:`TestResult`; a test that cannot be computed (too few events, no variation) has
``statistic`` and ``p_value`` set to ``None`` and says why in ``note``.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from analysis import case
from analysis.data.errors import UserError
from analysis.methods import eventstudy, pvalues

TESTS = (
    "cross_sectional_t",
    "patell_z",
    "bmp_t",
    "kolari_pynnonen_t",
    "generalized_sign_z",
    "corrado_rank_z",
    "wilcoxon",
)
TEST_NAMES = {
    "cross_sectional_t": "Cross-sectional t",
    "patell_z": "Patell Z",
    "bmp_t": "BMP t",
    "kolari_pynnonen_t": "Kolari–Pynnönen t",
    "generalized_sign_z": "Generalized sign Z",
    "corrado_rank_z": "Corrado rank Z",
    "wilcoxon": "Wilcoxon signed-rank",
}
MIN_EVENTS = {
    "cross_sectional_t": 2,
    "patell_z": 1,
    "bmp_t": 2,
    "kolari_pynnonen_t": 2,
    "generalized_sign_z": 1,
    "corrado_rank_z": 1,
    "wilcoxon": 2,
}


@dataclass(frozen=True)
class TestResult:
    """A test of CAAR = 0: its statistic and two-sided p-value, or None with the reason in ``note``."""

    statistic: float | None
    p_value: float | None
    note: str = ""

    @property
    def computed(self) -> bool:
        """Whether the test could be computed."""
        return self.statistic is not None


@dataclass
class Aggregate:
    """A multi-event study: per-event rows, the daily AAR/CAAR path, and the test battery."""

    events: pd.DataFrame
    daily: pd.DataFrame
    tests: dict[str, TestResult]
    caar: float
    residual_correlation: float | None
    spec: eventstudy.Spec
    sar: pd.DataFrame = field(default_factory=pd.DataFrame)
    notes: list[str] = field(default_factory=list)

    @property
    def n_events(self) -> int:
        """Number of events."""
        return len(self.events)


def _missing(name: str, n: int) -> TestResult | None:
    """A None result when ``n`` events are too few for the test."""
    need = MIN_EVENTS[name]
    if n < need:
        return TestResult(None, None, f"needs at least {need} events; have {n}")
    return None


def _one_sample_t(values: np.ndarray, name: str, what: str) -> TestResult:
    """mean / (s / sqrt(N)) with Student's t, N - 1 dof: the form shared by the cross-sectional and BMP tests."""
    n = len(values)
    if (out := _missing(name, n)) is not None:
        return out
    sd = values.std(ddof=1)
    if not sd > 0:
        return TestResult(None, None, f"the {what} do not vary across events")
    t = values.mean() / (sd / np.sqrt(n))
    return TestResult(float(t), float(pvalues.t_two_sided(t, n - 1)))


def cross_sectional_t(car: np.ndarray) -> TestResult:
    """Cross-sectional t (Brown & Warner 1985): t = CAAR / (s_CAR / sqrt(N)), s_CAR the sample sd of the CARs.

    Student's t with N - 1 dof. Robust to event-induced variance changes; assumes independent, normal CARs.
    """
    return _one_sample_t(car, "cross_sectional_t", "CARs")


def patell_z(scar: np.ndarray, dof: int) -> TestResult:
    """Patell (1976) standardized-residual test: Z = sum_i SCAR_i / sqrt(N * dof / (dof - 2)).

    Each SCAR_i is t-distributed with ``dof`` degrees of freedom, so its variance is dof / (dof - 2); Z is
    referred to the standard normal. Assumes cross-sectional independence and no event-induced variance.
    """
    n = len(scar)
    if (out := _missing("patell_z", n)) is not None:
        return out
    z = scar.sum() / np.sqrt(n * dof / (dof - 2))
    return TestResult(float(z), float(pvalues.normal_two_sided(z)))


def bmp_t(scar: np.ndarray) -> TestResult:
    """Boehmer, Musumeci & Poulsen (1991) standardized cross-sectional t.

    t = mean(SCAR) / (s_SCAR / sqrt(N)), s_SCAR the sample sd of the SCARs; Student's t with N - 1 dof. Robust to
    event-induced variance; assumes cross-sectional independence.
    """
    return _one_sample_t(scar, "bmp_t", "standardized CARs")


def mean_pairwise_correlation(est_ar: np.ndarray) -> float | None:
    """Average pairwise correlation of the events' estimation-window abnormal returns, aligned in event time.

    Row i of ``est_ar`` holds event i's abnormal returns on relative days L1 start..end; the result is the mean of
    the N(N-1)/2 off-diagonal entries of their correlation matrix (Kolari & Pynnönen 2010, r-bar).
    """
    n = len(est_ar)
    if n < 2:
        return None
    corr = np.corrcoef(est_ar)
    upper = corr[np.triu_indices(n, k=1)]
    return float(upper.mean())


def kolari_pynnonen_t(scar: np.ndarray, rbar: float | None) -> TestResult:
    """Kolari & Pynnönen (2010) adjusted BMP t: t_KP = t_BMP * sqrt((1 - r) / (1 + (N - 1) r)).

    r is :func:`mean_pairwise_correlation`; with r = 0 the statistic equals the BMP t, with r > 0 it shrinks.
    Valid when events share dates (clustering); Student's t with N - 1 dof.
    """
    n = len(scar)
    if (out := _missing("kolari_pynnonen_t", n)) is not None:
        return out
    bmp = bmp_t(scar)
    if not bmp.computed or rbar is None:
        return TestResult(None, None, bmp.note or "no residual correlation")
    denominator = 1 + (n - 1) * rbar
    if not denominator > 0:
        return TestResult(None, None, f"average correlation {rbar:.3f} is too negative for {n} events")
    t = bmp.statistic * np.sqrt((1 - rbar) / denominator)
    return TestResult(float(t), float(pvalues.t_two_sided(t, n - 1)))


def generalized_sign_z(car: np.ndarray, est_ar: np.ndarray) -> TestResult:
    """Cowan (1992) generalized sign test: Z = (w - N p) / sqrt(N p (1 - p)).

    w is the number of events with a positive CAR and p the expected fraction positive, the events' average share
    of positive abnormal returns in the estimation window. Normal approximation: needs N p (1 - p) of about 10 or
    more to be accurate; assumes independent events, no distributional shape.
    """
    n = len(car)
    if (out := _missing("generalized_sign_z", n)) is not None:
        return out
    p = float((est_ar > 0).mean())
    if not 0 < p < 1:
        return TestResult(None, None, "estimation-window abnormal returns are all of one sign")
    w = int((car > 0).sum())
    z = (w - n * p) / np.sqrt(n * p * (1 - p))
    return TestResult(float(z), float(pvalues.normal_two_sided(z)))


def rank_z(est_ar: np.ndarray, ar: np.ndarray) -> TestResult:
    """Corrado (1989) rank test, in the cumulated form of Cowan (1992) / Campbell & Wasley (1993) for L2 > 1 days.

    Each event's abnormal returns over the estimation and event windows (T = L1 + L2 days) are ranked (ties get
    their average rank) and scaled as U_it = K_it / (T + 1), whose expectation is 1/2 (Corrado & Zivney 1992).
    With Ubar_t the mean of U_it over events and S = sqrt(mean over all T days of (Ubar_t - 1/2)^2):
    Z = sum over the event window of (Ubar_t - 1/2) / (sqrt(L2) * S). For L2 = 1 this is Corrado's test. Normal
    approximation; no normality assumed; robust to skewness, sensitive to cross-sectional dependence.
    """
    from scipy.stats import rankdata  # only the aggregate tests need it

    n = len(ar)
    if (out := _missing("corrado_rank_z", n)) is not None:
        return out
    combined = np.hstack([est_ar, ar])
    u = rankdata(combined, axis=1) / (combined.shape[1] + 1)
    dev = u.mean(axis=0) - 0.5
    s = np.sqrt(np.mean(dev**2))
    if not s > 0:
        return TestResult(None, None, "the mean ranks do not vary")
    l2 = ar.shape[1]
    z = dev[-l2:].sum() / (np.sqrt(l2) * s)
    return TestResult(float(z), float(pvalues.normal_two_sided(z)))


def wilcoxon(car: np.ndarray) -> TestResult:
    """Wilcoxon (1945) signed-rank test of a zero median CAR (scipy.stats.wilcoxon, two-sided).

    The statistic is the smaller of the positive- and negative-rank sums; the p-value is exact for small N without
    ties or zeros. With N events the smallest possible two-sided p-value is 2 / 2^N, so it cannot reject at 5%
    with fewer than 6 events. Assumes CARs symmetric about their median and independent.
    """
    from scipy.stats import wilcoxon as scipy_wilcoxon

    n = len(car)
    if (out := _missing("wilcoxon", n)) is not None:
        return out
    if not np.any(car != 0):
        return TestResult(None, None, "every CAR is zero")
    res = scipy_wilcoxon(car, alternative="two-sided")
    smallest = 2 / 2**n
    note = (
        f"cannot reach p < {case.LEVEL:g} with {n} events (smallest p = {smallest:.3f})"
        if smallest >= case.LEVEL
        else ""
    )
    return TestResult(float(res.statistic), float(res.pvalue), note)


def battery(arrays: eventstudy.Arrays) -> tuple[dict[str, TestResult], float | None]:
    """Every test of CAAR = 0 over the whole event window, and the average residual correlation."""
    if arrays.est_ar is None:
        raise ValueError("the study must keep its estimation-window abnormal returns (keep_estimation=True)")
    car, scar = arrays.car, arrays.scar
    rbar = mean_pairwise_correlation(arrays.est_ar)
    tests = {
        "cross_sectional_t": cross_sectional_t(car),
        "patell_z": patell_z(scar, arrays.dof),
        "bmp_t": bmp_t(scar),
        "kolari_pynnonen_t": kolari_pynnonen_t(scar, rbar),
        "generalized_sign_z": generalized_sign_z(car, arrays.est_ar),
        "corrado_rank_z": rank_z(arrays.est_ar, arrays.ar),
        "wilcoxon": wilcoxon(car),
    }
    return tests, rbar


def daily_path(arrays: eventstudy.Arrays, level: float = eventstudy.BAND_LEVEL) -> pd.DataFrame:
    """AAR and CAAR by relative day, with a cross-sectional band: CAAR_t +/- t(N-1) * sd_i(CAR_it) / sqrt(N)."""
    n = len(arrays.pos)
    car_path = np.cumsum(arrays.ar, axis=1)
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


def aggregate(study: eventstudy.Study, labels: list[str] | None = None) -> Aggregate:
    """The multi-event result of a study that kept its estimation-window abnormal returns."""
    arrays = study.arrays
    tests, rbar = battery(arrays)
    events = study.summary[["ticker", "requested_date", "day0", "benchmark", "car", "car_se", "t_stat", "p_value"]]
    events = events.rename(columns={"requested_date": "date"})
    events.insert(len(events.columns), "scar", arrays.scar)
    if labels is not None:
        events.insert(0, "label", labels)
    spec = eventstudy.Spec(
        str(study.summary["model"].iloc[0]),
        (int(study.summary["estimation_start"].iloc[0]), int(study.summary["estimation_end"].iloc[0])),
        (int(study.summary["window_start"].iloc[0]), int(study.summary["window_end"].iloc[0])),
    )
    notes = [f"{TEST_NAMES[k]}: {t.note}" for k, t in tests.items() if t.note]
    sar = pd.DataFrame(arrays.sar, columns=arrays.rel)  # one row per event, one column per relative day
    return Aggregate(events, daily_path(arrays), tests, float(arrays.car.mean()), rbar, spec, sar, notes)


def run(
    events: pd.DataFrame,
    benchmark: str = case.BENCHMARK,
    spec: eventstudy.Spec | None = None,
    folder=None,
    where: eventstudy.Where = None,
) -> Aggregate:
    """A multi-event study from the snapshot: ``events`` has ``ticker`` and ``date``, optionally ``benchmark``
    (per-event override of ``benchmark``) and ``label``; ``where(i)`` names event i's origin in errors."""
    spec = (spec or eventstudy.Spec()).check()
    if events.empty:
        raise UserError("no events to study")
    frame = events.copy()
    if "benchmark" not in frame.columns:
        frame["benchmark"] = benchmark
    frame["benchmark"] = frame["benchmark"].fillna(benchmark).replace("", benchmark)
    rets, _ = eventstudy.load(frame["ticker"].tolist(), frame["benchmark"].tolist(), folder)
    study = eventstudy.study(rets, frame, None, spec, keep_estimation=True, where=where)
    same = study.summary.duplicated(["ticker", "day0"])
    if same.any():
        i = int(same.to_numpy().argmax())
        row = study.summary.iloc[i]
        twin = int(((study.summary["ticker"] == row["ticker"]) & (study.summary["day0"] == row["day0"])).argmax())
        first = where(twin) if where else f"event {twin + 1}"
        raise UserError(
            f"{eventstudy.origin(where, i)}{row['ticker']} {row['requested_date']} has the same day 0 ({row['day0']}) "
            f"as {first}; keep one of them"
        )
    labels = frame["label"].tolist() if "label" in frame.columns else None
    return aggregate(study, labels)


def detectable_caar(car: np.ndarray, level: float = case.LEVEL, power: float = 0.8) -> float | None:
    """Smallest |CAAR| the cross-sectional t test detects with the given power at the given two-sided level.

    ``(t_{1-level/2, N-1} + t_{power, N-1}) * s_CAR / sqrt(N)``, the usual approximation with the observed
    cross-sectional sd of the CARs; None with fewer than two events.
    """
    n = len(car)
    if n < 2:
        return None
    quantiles = pvalues.t_quantile(1 - level / 2, n - 1) + pvalues.t_quantile(power, n - 1)
    return float(quantiles * car.std(ddof=1) / np.sqrt(n))
