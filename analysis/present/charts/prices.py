"""Charts of prices and event studies: rebased lines with events, abnormal returns with their band, the
milestone timeline, CAAR paths and buy-and-hold abnormal returns."""

import html

import pandas as pd
import plotly.graph_objects as go

from analysis import case
from analysis.present.charts.render import Chart
from analysis.present.charts.theme import TICKER_COLOURS, styled, translucent


def _price_lines(rebased: pd.DataFrame, digits: int, markers: bool) -> go.Figure:
    """One line per ticker in its fixed colour, the two subjects of the study drawn thicker."""
    fig = go.Figure()
    for ticker in rebased.columns:
        fig.add_trace(
            go.Scatter(
                x=rebased.index,
                y=rebased[ticker].round(digits),
                name=ticker,
                mode="lines+markers" if markers else "lines",
                marker={"size": 4},
                line={
                    "color": TICKER_COLOURS.get(ticker),
                    "width": 2.2 if ticker in (case.SUBJECT, case.INCUMBENT) else 1.3,
                },
            )
        )
    return fig


LABEL_ROW_PX = 14  # height of one row of event numbers above the plot
NARROWEST_PLOT_PX = 620  # the plot area of a chart in an 800-pixel-wide page: numbers must not touch there


def label_rows(days: pd.Series, start: pd.Timestamp, end: pd.Timestamp, texts: list[str]) -> list[int]:
    """A row for each label (0 = nearest the plot) so that no two labels in one row overlap, even in the narrowest
    plot the pages give a chart: each label is placed in the first row whose last label ends left of it."""
    span = max((end - start).days, 1)
    ends: list[float] = []
    rows = []
    for day, text in zip(days, texts, strict=True):
        centre = (day - start).days / span * NARROWEST_PLOT_PX
        half = (7 * len(text) + 8) / 2  # about 7 pixels a digit at font size 10, and a little air
        row = next((i for i, right in enumerate(ends) if right <= centre - half), len(ends))
        if row == len(ends):
            ends.append(0.0)
        ends[row] = centre + half
        rows.append(row)
    return rows


def _numbered_events(
    fig: go.Figure, days: pd.Series, numbers: list[str], hovers: list[str], start: pd.Timestamp, end: pd.Timestamp,
    urls: list[str] | None = None,
) -> None:
    """Event numbers above the plot in rows that never overlap (hover for the event; a number links to its source
    where it has one), the plot's top margin grown to hold them."""
    rows = label_rows(days, start, end, numbers)
    for day, n, hover, row, url in zip(days, numbers, hovers, rows, urls or [""] * len(numbers), strict=True):
        text = f'<a href="{html.escape(url)}">{n}</a>' if url.startswith(("https://", "http://")) else n
        fig.add_annotation(
            x=day, y=1, yref="paper", yanchor="bottom", text=text, showarrow=False, font={"size": 10},
            yshift=2 + LABEL_ROW_PX * row, hovertext=hover,
        )  # fmt: skip
    fig.update_layout(margin={"t": 70 + LABEL_ROW_PX * (max(rows, default=0) + 1)}, title={"y": 0.98,
                      "yanchor": "top"})  # fmt: skip


def rebased_lines(
    rebased: pd.DataFrame,
    title: str,
    anchor: pd.Timestamp,
    events: pd.DataFrame | None = None,
    y_title: str = "total return, rebased (anchor day = 100)",
) -> go.Figure:
    """Rebased lines, the anchor day marked, and dated events as markers whose numbers (``number`` of
    ``events.csv``, the same on every page) stand above the plot without overlapping; hover for the event."""
    fig = _price_lines(rebased, 2, markers=False)
    fig.add_vline(x=anchor, line={"color": "#222", "dash": "dash", "width": 1})
    fig.add_annotation(
        x=anchor, y=0, yref="paper", yanchor="bottom", xanchor="left", text=f" {anchor.date()}", showarrow=False,
        font={"size": 11},
    )  # fmt: skip
    if events is not None and not events.empty:
        hovers = [
            f"{n}. {d.date()} {html.escape(t)}: {html.escape(e)}"
            for n, d, t, e in zip(events["number"], events["date"], events["ticker"], events["event"], strict=True)
        ]
        fig.add_trace(
            go.Scatter(
                x=events["date"],
                y=[float(rebased.max().max()) * 1.04] * len(events),
                mode="markers",
                marker={"symbol": "triangle-down", "size": 10, "color": "#222"},
                hovertext=hovers,
                hoverinfo="text",
                name="dated event (number as in the table)",
            )
        )
        for day in events["date"]:
            fig.add_vline(x=day, line={"color": "#bbb", "dash": "dot", "width": 1})
        numbers = [str(n) for n in events["number"]]
        _numbered_events(fig, events["date"], numbers, hovers, rebased.index[0], rebased.index[-1])
    fig.update_yaxes(title=y_title)
    fig.update_xaxes(title="date")
    return Chart(styled(fig, title))


def event_window_prices(rebased: pd.DataFrame, day0: pd.Timestamp, label: str) -> go.Figure:
    """Total-return lines rebased to 100 on day -1 around an event, day 0 marked and annotated with ``label``."""
    fig = _price_lines(rebased, 3, markers=True)
    fig.add_vline(x=day0, line={"color": "#222", "dash": "dash", "width": 1})
    text = f"{html.escape(label)}<br>(day 0)" if label else "day 0"
    fig.add_annotation(x=day0, y=1.0, yref="paper", text=text, showarrow=True, arrowhead=2, ax=60, ay=-30)
    fig.add_hline(y=100, line={"color": "#999", "width": 1})
    fig.update_yaxes(title="total return, day -1 = 100")
    fig.update_xaxes(title="date")
    return Chart(styled(fig, f"Prices around day 0 ({day0.date()})"))


def abnormal_returns(daily: pd.DataFrame, ticker: str, level: float = 0.95) -> go.Figure:
    """Daily abnormal returns as bars and the CAR path with its confidence band."""
    d = daily[daily["ticker"] == ticker]
    x = [f"{r:+d}<br>{t.strftime('%m-%d')}" for r, t in zip(d["rel_day"], d["date"], strict=True)]
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=x, y=(d["car_hi"] * 100).round(3), mode="lines", line={"width": 0}, showlegend=False, hoverinfo="skip"
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=(d["car_lo"] * 100).round(3),
            mode="lines",
            line={"width": 0},
            fill="tonexty",
            fillcolor="rgba(204,0,0,0.12)",
            name=f"{level:.0%} band of CAR",
        )
    )
    colours = ["#cc0000" if v < 0 else "#34a853" for v in d["ar"]]
    fig.add_trace(go.Bar(x=x, y=(d["ar"] * 100).round(3), name="abnormal return (AR)", marker={"color": colours}))
    fig.add_trace(
        go.Scatter(
            x=x, y=(d["car"] * 100).round(3), name="cumulative (CAR)", mode="lines+markers", line={"color": "#222"}
        )
    )
    fig.add_hline(y=0, line={"color": "#999", "width": 1})
    fig.update_yaxes(title="percent")
    fig.update_xaxes(title="trading day relative to day 0")
    styled(fig, f"{ticker}: abnormal returns and their running sum", height=440)
    fig.update_layout(legend={"y": -0.32})
    return Chart(fig)


def milestone_timeline(levels: pd.DataFrame, milestones: pd.DataFrame, title: str) -> go.Figure:
    """Total-return lines rebased to 100 on the first day, each milestone a numbered marker whose number links to
    its source (hover for the event), confounded milestones hollow."""
    rebased = levels / levels.iloc[0] * 100.0
    fig = _price_lines(rebased, 1, markers=False)
    top = float(rebased.max().max()) * 1.06
    numbers = [str(n) for n in milestones["number"]]
    hovers = [  # the whole text of the event: the labels elsewhere are cut short
        f"{n}. {d.date()}: {html.escape(text)}" + (" (confounded)" if c else "")
        for n, d, text, c in zip(numbers, milestones["day0"], milestones["event"], milestones["confounded"],
                                 strict=True)
    ]  # fmt: skip
    fig.add_trace(
        go.Scatter(
            x=milestones["day0"],
            y=[top] * len(milestones),
            mode="markers",
            marker={
                "symbol": ["triangle-down-open" if c else "triangle-down" for c in milestones["confounded"]],
                "size": 11,
                "color": "#222",
            },
            hovertext=hovers,
            hoverinfo="text",
            name="milestone (hollow: confounded)",
        )
    )
    _numbered_events(fig, milestones["day0"], numbers, hovers, rebased.index[0], rebased.index[-1],
                     list(milestones["url"]))  # fmt: skip
    fig.update_yaxes(title="total return, rebased (first day = 100)")
    fig.update_xaxes(title="date")
    fig.update_layout(hovermode="closest")
    return Chart(styled(fig, title, height=520))


def caar_paths(
    paths: dict[str, pd.DataFrame], title: str, level: float = 0.95, unit: str = "percent", what: str = "return"
) -> go.Figure:
    """CAAR by relative day for several event sets, each with its cross-sectional band, cumulated from the event
    window's start (days before it have no CAAR), and the first set's AAR as bars on every day; in percent, or in log
    points for volume (``unit``)."""
    scale = 100 if unit == "percent" else 1
    fig = go.Figure()
    colours = ["#cc0000", "#0078d4", "#34a853", "#7e57c2"]
    for i, ((name, daily), colour) in enumerate(zip(paths.items(), colours, strict=False)):
        if i == 0:
            fig.add_trace(
                go.Bar(
                    x=daily["rel_day"].tolist(),
                    y=(daily["aar"] * scale).round(4).tolist(),
                    marker={"color": translucent(colour, 0.35)},
                    name=f"{name}: average abnormal {what} that day",
                )
            )
        path = daily.dropna(subset=["caar"])
        x = path["rel_day"].tolist()
        if "caar_lo" in path:
            fig.add_trace(
                go.Scatter(
                    x=x + x[::-1],
                    y=((pd.concat([path["caar_hi"], path["caar_lo"][::-1]])) * scale).round(4).tolist(),
                    fill="toself",
                    fillcolor=translucent(colour),
                    line={"width": 0},
                    hoverinfo="skip",
                    name=f"{name}: {level:.0%} band",
                )
            )
        fig.add_trace(
            go.Scatter(x=x, y=(path["caar"] * scale).round(4), mode="lines+markers", line={"color": colour}, name=name)
        )
    fig.add_hline(y=0, line={"color": "#999", "width": 1})
    fig.update_xaxes(title="trading day relative to day 0", dtick=1)
    fig.update_yaxes(title=unit)
    styled(fig, title, height=460)
    fig.update_layout(legend={"y": -0.3})
    return Chart(fig)


def forest(frame: pd.DataFrame, title: str, level: float = 0.95) -> go.Figure:
    """Each event's CAR (percent) with its interval, in date order; filled markers for clean events, hollow for
    confounded ones."""
    fig = go.Figure()
    for clean, name, symbol in ((True, "clean", "circle"), (False, "confounded", "circle-open")):
        rows = frame[frame["clean"] == clean]
        if rows.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=rows["day0"],
                y=(rows["car"] * 100).round(3),
                mode="markers",
                marker={"symbol": symbol, "size": 9, "color": "#cc0000" if clean else "#555555"},
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": ((rows["ci_high"] - rows["car"]) * 100).round(3).tolist(),
                    "arrayminus": ((rows["car"] - rows["ci_low"]) * 100).round(3).tolist(),
                    "thickness": 1.2,
                },
                hovertext=[
                    f"{d.date()}: {html.escape(label)}" for d, label in zip(rows["day0"], rows["label"], strict=True)
                ],
                hoverinfo="text+y",
                name=f"{name} ({level:.0%} interval)",
            )
        )
    fig.add_hline(y=0, line={"color": "#999", "width": 1})
    fig.update_xaxes(title="day 0")
    fig.update_yaxes(title="CAR, percent")
    styled(fig, title, height=480)
    return Chart(fig)


def bhar_bars(table: pd.DataFrame, benchmarks: tuple[str, ...], title: str, numbers: list[int]) -> go.Figure:
    """Buy-and-hold abnormal returns by holding period (from the milestone numbered as on the timeline to the next),
    one bar per benchmark (percent); hover gives the dates."""
    fig = go.Figure()
    x = [str(n) for n in numbers]
    spans = [f"{s:%Y-%m-%d} to {e:%Y-%m-%d}" for s, e in zip(table["start"], table["end"], strict=True)]
    for bench in benchmarks:
        fig.add_trace(
            go.Bar(
                x=x,
                y=(table[f"bhar_vs_{bench}"] * 100).round(2),
                name=f"vs {bench}",
                marker={"color": TICKER_COLOURS.get(bench)},
                customdata=spans,
                hovertemplate="%{customdata}: %{y:+.1f}%",
            )
        )
    fig.add_hline(y=0, line={"color": "#999", "width": 1})
    fig.update_xaxes(
        title="holding period from milestone n to the next (numbers as on the timeline)",
        type="category",
        categoryorder="array",
        categoryarray=x,
        tickangle=0,
    )
    fig.update_yaxes(title="BHAR, percent")
    styled(fig, title, height=460)
    fig.update_layout(legend={"y": -0.3})
    return Chart(fig)
