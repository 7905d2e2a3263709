"""The single-event engine's public face, kept small and stable for tools outside the package (the scale and
floor scripts beside the project call ``eventstudy.Spec(estimation=..., window=...)`` and
``eventstudy.study(frame, events, benchmark, spec)`` and read per-event ``car`` and ``t_stat`` from ``.table``).
The engine lives in :mod:`analysis.methods.eventstudy`."""

from analysis.methods.eventstudy import EventResult, Study, study
from analysis.methods.spec import Spec

__all__ = ["EventResult", "Spec", "Study", "study"]
