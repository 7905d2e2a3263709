"""What an event study measures: the normal-return model and the estimation and event windows.

Defaults come from :mod:`analysis.case` (``MODEL``, ``ESTIMATION``, ``WINDOW``) and are read when a ``Spec`` is made,
so the engine, the command line and the notebooks share one set of defaults.
"""

from dataclasses import dataclass, field
from typing import Literal, get_args

from analysis import case
from analysis.data.errors import UserError

Model = Literal["market", "market-adjusted", "constant-mean"]
MODELS: tuple[Model, ...] = get_args(Model)
MIN_ESTIMATION_DAYS = 30
MAX_OFFSET = 5000  # about 20 years of trading days
BAND_LEVEL = 0.95


@dataclass(frozen=True)
class Spec:
    """How to measure: normal-return model, estimation window and event window in relative trading days."""

    model: Model = field(default_factory=lambda: case.MODEL)
    estimation: tuple[int, int] = field(default_factory=lambda: tuple(case.ESTIMATION))
    window: tuple[int, int] = field(default_factory=lambda: tuple(case.WINDOW))

    def check(self) -> "Spec":
        """Raise a UserError for an unknown model or reversed, overlapping or too short windows."""
        if self.model not in MODELS:
            raise UserError(f"model {self.model!r} is not one of {', '.join(MODELS)}")
        (e0, e1), (w0, w1) = self.estimation, self.window
        if any(abs(int(d)) > MAX_OFFSET for d in (e0, e1, w0, w1)):
            raise UserError(f"window days must lie within ±{MAX_OFFSET} trading days of day 0")
        if e0 > e1:
            raise UserError(f"estimation window {e0} {e1} is reversed; give START <= END")
        if w0 > w1:
            raise UserError(f"event window {w0} {w1} is reversed; give START <= END")
        if e1 >= w0:
            raise UserError(f"estimation window {e0}..{e1} overlaps the event window {w0}..{w1}; end it before {w0}")
        if e1 - e0 + 1 < MIN_ESTIMATION_DAYS:
            raise UserError(f"estimation window {e0}..{e1} has {e1 - e0 + 1} days; use at least {MIN_ESTIMATION_DAYS}")
        return self

    @property
    def dof(self) -> int:
        """Degrees of freedom of the residual variance: L1 - 2 for the market model, L1 - 1 otherwise."""
        return self.estimation[1] - self.estimation[0] + 1 - (2 if self.model == "market" else 1)

    @property
    def window_label(self) -> str:
        """The event window as people read it, e.g. '-1..+1'."""
        return f"{self.window[0]:+d}..{self.window[1]:+d}"
