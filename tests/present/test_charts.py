"""Charts: every figure in every committed notebook runs in time order; helpers for ticks and quarters."""

import re

import nbformat
import pandas as pd
import pytest

from analysis.data import paths
from analysis.present import charts
from analysis.report import export

QUARTER = re.compile(r"^\d{4}Q[1-4]$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def figures():
    for path in sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            for out in cell.get("outputs", []):
                fig = out.get("data", {}).get(export.PLOTLY_MIME)
                if fig:
                    title = fig.get("layout", {}).get("title", {}).get("text", "")
                    yield pytest.param(fig, id=f"{path.stem[:2]}:{title[:40]}")


def _timeish(values) -> bool:
    return bool(values) and all(isinstance(v, str) and (QUARTER.match(v) or DATE.match(v)) for v in values)


@pytest.mark.parametrize("fig", list(figures()))
def test_every_time_axis_is_in_time_order(fig):
    """Within a trace, time runs forward; on a category axis, the order plotly draws (first appearance across
    traces, unless an explicit category order is set) runs forward too."""
    traces = [t for t in fig["data"] if isinstance(t.get("x"), list) and _timeish(t["x"])]
    for trace in traces:
        if trace.get("fill") == "toself":
            continue  # a band drawn out and back
        assert trace["x"] == sorted(trace["x"]), f"trace {trace.get('name')} is not in time order"
    axis = fig.get("layout", {}).get("xaxis", {})
    quarters = any(QUARTER.match(v) for t in traces for v in t["x"])  # plotly draws these as categories
    if (axis.get("type") == "category" or quarters) and "categoryarray" not in axis:
        seen = list(dict.fromkeys(v for t in traces for v in t["x"]))
        assert seen == sorted(seen), "category axis drawn out of time order"


def test_round_steps():
    assert [charts.round_step(t) for t in (40, 35, 17, 100, 7.3)] == [10, 10, 5, 20, 2]


def test_quarter_starts_put_quarters_on_a_time_axis():
    got = charts.cloud._quarter_starts(pd.Series(["2023Q2", "2019Q1", "2025Q4"]))
    assert [d.strftime("%Y-%m-%d") for d in got] == ["2023-04-01", "2019-01-01", "2025-10-01"]


def test_microsofts_recast_series_is_drawn_as_its_own_dashed_line():
    from analysis.market import cloud

    fig = charts.peer_revenue(cloud.peer_rows())
    styles = {t.name: t.line.dash for t in fig.data}
    assert styles["Microsoft Intelligent Cloud (FY25 segments)"] == "dash"
    assert styles["Microsoft Intelligent Cloud"] == "solid"


def test_event_labels_are_escaped_in_annotations():
    closes = pd.DataFrame({"TSLA": [100.0, 101.0]}, index=pd.to_datetime(["2023-08-14", "2023-08-15"]))
    fig = charts.event_window_prices(closes, pd.Timestamp("2023-08-15"), "<b onmouseover=x>")
    assert "&lt;b onmouseover=x&gt;" in fig.layout.annotations[0].text


def test_the_order_check_catches_a_line_drawn_back_across_the_chart():
    """The bug of the first TTM chart: a later trace starting earlier puts its first quarters after the last."""
    fig = {
        "data": [{"x": ["2019Q4", "2020Q1"], "name": "ttm"}, {"x": ["2019Q1", "2019Q4", "2020Q1"], "name": "x4"}],
        "layout": {},
    }
    with pytest.raises(AssertionError, match="out of time order"):
        test_every_time_axis_is_in_time_order(fig)
