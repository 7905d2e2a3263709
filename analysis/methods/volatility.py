"""Abnormal volatility: did the events move prices more than usual, in either direction?

Beaver's (1968) information-content test, on the standardized abnormal returns SAR_it of a study (AR over its
prediction-error standard deviation, Student's t with d_i residual degrees of freedom under the null):

- ``u_it = SAR_it^2 * (d_i - 2) / d_i``, so that E[u] = 1 under the null (Var(t_d) = d / (d - 2));
- **chi-squared**: ``sum_i sum_{t in W} u_it``, referred to chi2(N * L) (upper tail). It treats each u as a squared
  standard normal, so with fat-tailed returns it over-rejects;
- **variance-ratio t**: ``VR_i = mean_{t in W} u_it`` per event and ``t = (mean_i VR_i - 1) / (sd_i(VR_i) / sqrt(N))``,
  referred to Student's t with N - 1 dof (upper tail): a cross-sectional test that does not rely on the normal
  tails, but needs two events or more.

Both test for more variance on event days than the estimation window predicts (an event that moves the price a lot,
up on some days and down on others, has CAAR near zero but large u). ``docs/methods.md`` gives the assumptions.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.methods import pvalues


@dataclass(frozen=True)
class Volatility:
    """Beaver's chi-squared and the cross-sectional variance-ratio t, with the mean u by event day."""

    chi2: float
    chi2_dof: int
    chi2_p: float
    vr_t: float | None
    vr_p: float | None
    reason: str
    vr: np.ndarray  # VR_i, per event
    daily: pd.DataFrame  # rel_day, mean_u

    @property
    def mean_vr(self) -> float:
        """The average variance ratio across events (1 under the null)."""
        return float(self.vr.mean())

    def as_dict(self) -> dict:
        """The JSON form: ``chi2``, ``variance_ratio_t`` (nulls with ``reason`` for one event) and ``daily``."""
        ratio = {"statistic": self.vr_t, "p_value": self.vr_p}
        if self.vr_t is None:
            ratio["reason"] = self.reason
        return {
            "chi2": {"statistic": self.chi2, "dof": self.chi2_dof, "p_value": self.chi2_p},
            "variance_ratio_t": ratio,
            "daily": [{"rel_day": int(d), "mean_u": float(u)} for d, u in zip(self.daily["rel_day"],
                                                                              self.daily["mean_u"], strict=True)],
        }  # fmt: skip


def beaver(sar: np.ndarray, dof: int, rel: np.ndarray) -> Volatility:
    """The tests on an N x L matrix of standardized abnormal returns with ``dof`` residual degrees of freedom."""
    u = sar**2 * (dof - 2) / dof
    n, length = u.shape
    chi2 = float(u.sum())
    vr = u.mean(axis=1)
    daily = pd.DataFrame({"rel_day": rel, "mean_u": u.mean(axis=0)})
    if n < 2:
        return Volatility(chi2, n * length, float(pvalues.chi2_upper(chi2, n * length)), None, None,
                          f"needs at least 2 events; have {n}", vr, daily)  # fmt: skip
    sd = vr.std(ddof=1)
    if not sd > 0:
        return Volatility(chi2, n * length, float(pvalues.chi2_upper(chi2, n * length)), None, None,
                          "the variance ratios do not vary across events", vr, daily)  # fmt: skip
    t = (vr.mean() - 1) / (sd / np.sqrt(n))
    return Volatility(
        chi2, n * length, float(pvalues.chi2_upper(chi2, n * length)), float(t), float(pvalues.t_upper(t, n - 1)), "",
        vr, daily,
    )  # fmt: skip
