"""Plotly figure builders with one shared look (:mod:`.theme`), by subject: prices and event studies
(:mod:`.prices`), the cloud business (:mod:`.cloud`) and the market size (:mod:`.market`). Each returns a
:class:`~analysis.present.charts.render.Chart`, stored in a notebook as figure JSON with a PNG beside it."""

from analysis.present.charts.cloud import (
    aws_margin,
    aws_sales,
    lines,
    peer_growth,
    peer_margin,
    peer_revenue,
    stacked_shares,
)
from analysis.present.charts.market import bars, estimate_dots, fan, hindsight, stacked_split, tornado
from analysis.present.charts.prices import (
    abnormal_returns,
    bhar_bars,
    caar_paths,
    event_window_prices,
    forest,
    milestone_timeline,
    rebased_lines,
)
from analysis.present.charts.render import STATIC_ENV, Chart
from analysis.present.charts.theme import round_step

__all__ = [
    "STATIC_ENV",
    "Chart",
    "abnormal_returns",
    "aws_margin",
    "aws_sales",
    "bars",
    "bhar_bars",
    "caar_paths",
    "estimate_dots",
    "event_window_prices",
    "fan",
    "forest",
    "hindsight",
    "lines",
    "milestone_timeline",
    "peer_growth",
    "peer_margin",
    "peer_revenue",
    "rebased_lines",
    "round_step",
    "stacked_shares",
    "stacked_split",
    "tornado",
]
