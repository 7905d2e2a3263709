"""Tail probabilities and quantiles of Student's t and the normal, from ``scipy.special``.

``scipy.special`` costs a fraction of ``scipy.stats`` to import, which matters for a command run at a terminal.
"""

import numpy as np
from scipy import special


def t_two_sided(t, dof):
    """Two-sided p-value of a t statistic with ``dof`` degrees of freedom: 2 * P(T > |t|)."""
    return 2.0 * special.stdtr(dof, -np.abs(t))


def normal_two_sided(z):
    """Two-sided p-value of a standard normal statistic: 2 * P(Z > |z|)."""
    return 2.0 * special.ndtr(-np.abs(z))


def t_quantile(q, dof):
    """The ``q`` quantile of Student's t with ``dof`` degrees of freedom."""
    return special.stdtrit(dof, q)


def t_upper(t, dof):
    """One-sided (upper tail) p-value of a t statistic: P(T > t)."""
    return special.stdtr(dof, -np.asarray(t))


def chi2_upper(x, dof):
    """Upper tail of the chi-squared distribution with ``dof`` degrees of freedom: P(X > x)."""
    return special.chdtrc(dof, x)
