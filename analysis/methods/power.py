"""What an interval allows: the smallest effect a test detects, and the reading of an estimate from its interval.

A verdict that rests on a test says what its confidence interval allows (``docs/methods.md``, "Verdicts"):

- ``supported``: the interval excludes zero on the claimed side;
- ``contradicted``: the interval excludes the claimed effect (the other side, or every effect at least as large as a
  claimed size);
- ``not detected``: neither; then the smallest effect the test would have found (two-sided level, power) says how
  large a reaction could still hide in the noise.
"""

from dataclasses import dataclass
from typing import Literal

from analysis import case
from analysis.methods import pvalues

Reading = Literal["supported", "contradicted", "not detected"]
Direction = Literal["any", "up", "down"]


def detectable(se: float, dof: int, level: float = case.LEVEL, power: float = 0.8) -> float:
    """Smallest |effect| a two-sided t test at ``level`` detects with probability ``power``:
    ``(t_{1 - level/2, dof} + t_{power, dof}) * se`` (the usual approximation, e.g. MacKinlay 1997, section 6)."""
    return float((pvalues.t_quantile(1 - level / 2, dof) + pvalues.t_quantile(power, dof)) * se)


@dataclass(frozen=True)
class Interval:
    """An estimate, its interval, the smallest effect the test detects, and what they allow."""

    estimate: float
    low: float
    high: float
    detectable: float
    reading: Reading


def read(
    estimate: float,
    low: float,
    high: float,
    smallest: float,
    direction: Direction = "any",
    claimed: float | None = None,
) -> Interval:
    """The reading of an interval for a claimed effect in ``direction`` (of at least ``claimed`` when given)."""
    if (direction in ("any", "up") and low > 0) or (direction in ("any", "down") and high < 0):
        reading: Reading = "supported"
    elif (
        (direction == "up" and high < 0)
        or (direction == "down" and low > 0)
        or (claimed is not None and direction == "any" and -claimed < low and high < claimed)
        or (claimed is not None and direction == "up" and high < claimed)
        or (claimed is not None and direction == "down" and low > -claimed)
    ):
        reading = "contradicted"
    else:
        reading = "not detected"
    return Interval(estimate, low, high, smallest, reading)
