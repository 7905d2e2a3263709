"""The battery of tests of CAAR = 0 over N events, as one registry: each entry names the test, its null hypothesis,
its reference distribution, the fewest events it needs, and how it is computed from the study's arrays.

Notation (``docs/methods.md``): CAR_i is event i's cumulative abnormal return over the window W, SCAR_i = CAR_i /
sd(CAR_i) its standardized form with the prediction-error term (Student's t with the model's residual dof under
the null), and est_ar the estimation-window abnormal returns. Adding a test is one function and one entry of
:data:`REGISTRY`; every table, JSON document and sentence reads the tests from there.
"""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from analysis import case
from analysis.methods import pvalues


@dataclass(frozen=True)
class HypothesisTest:
    """One test's outcome: its statistic and two-sided p-value, or None for both with the reason in ``note``
    (``note`` may also carry a caveat of a computed test). Name, null and distribution come from the registry."""

    key: str
    statistic: float | None
    p_value: float | None
    note: str = ""

    @property
    def computed(self) -> bool:
        """Whether the test could be computed."""
        return self.statistic is not None

    @property
    def name(self) -> str:
        return REGISTRY[self.key].name

    @property
    def null(self) -> str:
        return REGISTRY[self.key].null

    @property
    def distribution(self) -> str:
        return REGISTRY[self.key].distribution

    def rejects(self, level: float = case.LEVEL) -> bool:
        """Whether the test rejects its null at ``level``."""
        return self.computed and self.p_value < level

    def cell(self) -> str:
        """Statistic and p-value for a table (the Wilcoxon rank sum without a sign), or why it is missing."""
        if not self.computed:
            return f"— ({self.note})"
        stat = f"{self.statistic:.0f}" if self.key == "wilcoxon" else f"{self.statistic:+.2f}"
        return f"{stat} (p = {self.p_value:.3f}{'; ' + self.note if self.note else ''})"

    def as_dict(self) -> dict:
        """The JSON form: statistic and p-value, or nulls with ``reason``; a caveat as ``note``."""
        doc = {"statistic": self.statistic, "p_value": self.p_value}
        if not self.computed:
            doc["reason"] = self.note
        elif self.note:
            doc["note"] = self.note
        return doc


@dataclass(frozen=True)
class Inputs:
    """What the tests read from a study: per-event CAR and SCAR, event-window and estimation-window abnormal
    returns, the residual degrees of freedom and the average residual correlation."""

    car: np.ndarray
    scar: np.ndarray
    ar: np.ndarray
    est_ar: np.ndarray
    dof: int
    rbar: float | None


@dataclass(frozen=True)
class Definition:
    """A registry entry."""

    name: str
    null: str
    distribution: str
    min_events: int
    compute: Callable[[Inputs], HypothesisTest]


def _missing(name: str, n: int) -> HypothesisTest | None:
    """A None result when ``n`` events are too few for the test."""
    need = REGISTRY[name].min_events
    if n < need:
        return HypothesisTest(name, None, None, f"needs at least {need} events; have {n}")
    return None


def _one_sample_t(values: np.ndarray, name: str, what: str) -> HypothesisTest:
    """mean / (s / sqrt(N)) with Student's t, N - 1 dof: the form shared by the cross-sectional and BMP tests."""
    n = len(values)
    if (out := _missing(name, n)) is not None:
        return out
    sd = values.std(ddof=1)
    if not sd > 0:
        return HypothesisTest(name, None, None, f"the {what} do not vary across events")
    t = values.mean() / (sd / np.sqrt(n))
    return HypothesisTest(name, float(t), float(pvalues.t_two_sided(t, n - 1)))


def cross_sectional_t(car: np.ndarray) -> HypothesisTest:
    """Cross-sectional t (Brown & Warner 1985): t = CAAR / (s_CAR / sqrt(N)), s_CAR the sample sd of the CARs.

    Student's t with N - 1 dof. Robust to event-induced variance changes; assumes independent, normal CARs.
    """
    return _one_sample_t(car, "cross_sectional_t", "CARs")


def patell_z(scar: np.ndarray, dof: int) -> HypothesisTest:
    """Patell (1976) standardized-residual test: Z = sum_i SCAR_i / sqrt(N * dof / (dof - 2)).

    Each SCAR_i is t-distributed with ``dof`` degrees of freedom, so its variance is dof / (dof - 2); Z is
    referred to the standard normal. Assumes cross-sectional independence and no event-induced variance.
    """
    n = len(scar)
    if (out := _missing("patell_z", n)) is not None:
        return out
    z = scar.sum() / np.sqrt(n * dof / (dof - 2))
    return HypothesisTest("patell_z", float(z), float(pvalues.normal_two_sided(z)))


def bmp_t(scar: np.ndarray) -> HypothesisTest:
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


def kolari_pynnonen_t(scar: np.ndarray, rbar: float | None) -> HypothesisTest:
    """Kolari & Pynnönen (2010) adjusted BMP t: t_KP = t_BMP * sqrt((1 - r) / (1 + (N - 1) r)).

    r is :func:`mean_pairwise_correlation`; with r = 0 the statistic equals the BMP t, with r > 0 it shrinks.
    Valid when events share dates (clustering); Student's t with N - 1 dof.
    """
    n = len(scar)
    if (out := _missing("kolari_pynnonen_t", n)) is not None:
        return out
    bmp = bmp_t(scar)
    if not bmp.computed or rbar is None:
        return HypothesisTest("kolari_pynnonen_t", None, None, bmp.note or "no residual correlation")
    denominator = 1 + (n - 1) * rbar
    if not denominator > 0:
        note = f"average correlation {rbar:.3f} is too negative for {n} events"
        return HypothesisTest("kolari_pynnonen_t", None, None, note)
    t = bmp.statistic * np.sqrt((1 - rbar) / denominator)
    return HypothesisTest("kolari_pynnonen_t", float(t), float(pvalues.t_two_sided(t, n - 1)))


def generalized_sign_z(car: np.ndarray, est_ar: np.ndarray) -> HypothesisTest:
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
        note = "estimation-window abnormal returns are all of one sign"
        return HypothesisTest("generalized_sign_z", None, None, note)
    w = int((car > 0).sum())
    z = (w - n * p) / np.sqrt(n * p * (1 - p))
    return HypothesisTest("generalized_sign_z", float(z), float(pvalues.normal_two_sided(z)))


def rank_z(est_ar: np.ndarray, ar: np.ndarray) -> HypothesisTest:
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
        return HypothesisTest("corrado_rank_z", None, None, "the mean ranks do not vary")
    l2 = ar.shape[1]
    z = dev[-l2:].sum() / (np.sqrt(l2) * s)
    return HypothesisTest("corrado_rank_z", float(z), float(pvalues.normal_two_sided(z)))


def wilcoxon(car: np.ndarray) -> HypothesisTest:
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
        return HypothesisTest("wilcoxon", None, None, "every CAR is zero")
    res = scipy_wilcoxon(car, alternative="two-sided")
    smallest = 2 / 2**n
    note = (
        f"cannot reach p < {case.LEVEL:g} with {n} events (smallest p = {smallest:.3f})"
        if smallest >= case.LEVEL
        else ""
    )
    return HypothesisTest("wilcoxon", float(res.statistic), float(res.pvalue), note)


REGISTRY: dict[str, Definition] = {
    "cross_sectional_t": Definition(
        "Cross-sectional t", "mean CAR = 0", "Student's t, N - 1 dof", 2, lambda x: cross_sectional_t(x.car)
    ),
    "patell_z": Definition(
        "Patell Z", "mean SCAR = 0, no event-induced variance", "standard normal", 1,
        lambda x: patell_z(x.scar, x.dof),
    ),
    "bmp_t": Definition("BMP t", "mean SCAR = 0", "Student's t, N - 1 dof", 2, lambda x: bmp_t(x.scar)),
    "kolari_pynnonen_t": Definition(
        "Kolari–Pynnönen t", "mean SCAR = 0, events cross-correlated", "Student's t, N - 1 dof", 2,
        lambda x: kolari_pynnonen_t(x.scar, x.rbar),
    ),
    "generalized_sign_z": Definition(
        "Generalized sign Z", "share of positive CARs = estimation-window share", "standard normal", 1,
        lambda x: generalized_sign_z(x.car, x.est_ar),
    ),
    "corrado_rank_z": Definition(
        "Corrado rank Z", "mean rank of window days = 1/2", "standard normal", 1, lambda x: rank_z(x.est_ar, x.ar)
    ),
    "wilcoxon": Definition(
        "Wilcoxon signed-rank", "median CAR = 0", "exact signed-rank (normal for large N)", 2,
        lambda x: wilcoxon(x.car),
    ),
}  # fmt: skip


def run_all(inputs: Inputs) -> dict[str, HypothesisTest]:
    """Every registered test on one study, in registry order."""
    return {key: d.compute(inputs) for key, d in REGISTRY.items()}
