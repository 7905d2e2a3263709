"""Charts of the market size: estimates by scope, the bottom-up split, projections, the Tesla scenario and
the hindsight figures."""

import math

import pandas as pd
import plotly.graph_objects as go

from analysis.present.charts.render import Chart
from analysis.present.charts.theme import styled


def estimate_dots(table: pd.DataFrame, claim: float, year: int) -> go.Figure:
    """Every market-size estimate by scope; the comparable estimates of ``year`` filled, a line at the claim."""
    fig = go.Figure()
    groups = [
        (f"{year}, comparable", table["comparable"] & (table["year"] == year), "#cc0000", "circle"),
        (f"{year}, other scope or vintage", ~table["comparable"] & (table["year"] == year), "#cc0000", "circle-open"),
        ("other years", table["year"] != year, "#888", "diamond-open"),
    ]
    for name, mask, colour, symbol in groups:
        rows = table[mask]
        fig.add_trace(
            go.Scatter(
                x=rows["value_usd_bn"],
                y=rows["scope"],
                mode="markers",
                name=name,
                marker={"color": colour, "symbol": symbol, "size": 12, "line": {"width": 2, "color": colour}},
                hovertext=[
                    f"{r.publisher}, {r.year} ({r.basis}, {r.vintage}): ${r.value_usd_bn:g}B [{r.confidence}]"
                    for r in rows.itertuples()
                ],
                hoverinfo="text",
            )
        )
    fig.add_vline(x=claim, line={"color": "#222", "dash": "dash"})
    # annotations on a log axis take log10 coordinates
    fig.add_annotation(x=math.log10(claim), y=1.04, yref="paper", text=f"claim: ${claim:g}B", showarrow=False)
    ticks = [
        v
        for v in (20, 50, 100, 200, 500, 1000, 2000)
        if table["value_usd_bn"].min() / 2 <= v <= table["value_usd_bn"].max() * 2
    ]
    fig.update_xaxes(title="USD billion (log scale)", type="log", tickvals=ticks, ticktext=[f"{v:g}" for v in ticks])
    fig.update_yaxes(title="scope of the estimate")
    styled(fig, "Data-center market size: estimates by scope", height=540)
    fig.update_layout(hovermode="closest", margin={"l": 380}, legend={"y": -0.22})
    return Chart(fig)


def stacked_split(split: pd.DataFrame, title: str) -> go.Figure:
    """Quarterly revenue stacked by provider (USD billion)."""
    colours = {"AWS": "#ff9900", "Microsoft Azure": "#0078d4", "Google Cloud": "#34a853", "others": "#ccc"}
    fig = go.Figure()
    for name in ["AWS", "Microsoft Azure", "Google Cloud", "others"]:
        fig.add_trace(
            go.Bar(
                x=split.index,
                y=split[name].round(2),
                name=name,
                marker={"color": colours[name]},
                text=split[name].round(1),
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title="quarter")
    fig.update_yaxes(title="USD billion per quarter")
    return Chart(styled(fig, title))


def fan(
    projection: pd.DataFrame, title: str, low: str, high: str, actuals: pd.DataFrame | None = None
) -> go.Figure:
    """Projection lines with the area between the low and high scenarios shaded, and the figures measured since
    (``actuals``: year, publisher, scope, value_usd_bn, basis) as markers; derived figures are hollow and named so."""
    fig = go.Figure()
    x = projection.index.astype(str)
    if low != high:  # one growth rate has no range to shade
        fig.add_trace(go.Scatter(x=x, y=projection[high].round(2), mode="lines", line={"width": 0}, showlegend=False))
        band = {"fill": "tonexty", "fillcolor": "rgba(204,0,0,0.1)", "line": {"width": 0}}
        fig.add_trace(
            go.Scatter(x=x, y=projection[low].round(2), mode="lines", name="range of published growth rates", **band)
        )
    for name in projection.columns:
        fig.add_trace(go.Scatter(x=x, y=projection[name].round(2), mode="lines+markers", name=name))
    shown = pd.DataFrame() if actuals is None else actuals[actuals["year"].isin(projection.index)]
    for derived, name, symbol in ((False, "actual (latest measured figure per publisher and scope)", "circle"),
                                  (True, "derived, not measured", "diamond-open")):  # fmt: skip
        rows = shown[(shown["basis"] == "derived") == derived] if not shown.empty else shown
        if rows.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=rows["year"].astype(str), y=rows["value_usd_bn"].round(1), mode="markers", name=name,
                marker={"symbol": symbol, "size": 10, "color": "#222"},
                hovertext=[f"{p}: {sc}" for p, sc in zip(rows["publisher"], rows["scope"], strict=True)],
            )
        )  # fmt: skip
    fig.update_xaxes(title="year")
    fig.update_yaxes(title="USD billion", rangemode="tozero")
    return Chart(styled(fig, title))


def tornado(frame: pd.DataFrame, title: str) -> go.Figure:
    """Horizontal bars: the share at each assumption's low and high case around the base share (percent)."""
    base = float(frame["base_share"].iloc[0]) * 100
    fig = go.Figure()
    for col, name, colour in (("low_share", "low case", "#0078d4"), ("high_share", "high case", "#cc0000")):
        fig.add_trace(
            go.Bar(
                y=frame["assumption"],
                x=(frame[col] * 100 - base).round(5),
                base=round(base, 5),
                orientation="h",
                name=name,
                marker={"color": colour},
                hovertext=[f"{v * 100:.3f}%" for v in frame[col]],
                hoverinfo="text+y",
            )
        )
    fig.update_layout(barmode="overlay", hovermode="closest")
    fig.add_vline(x=base, line={"color": "#222", "dash": "dash"})
    fig.update_xaxes(title="Tesla's need as a share of the market, %")
    fig.update_yaxes(title="assumption moved")
    styled(fig, title, height=420)
    fig.update_layout(margin={"l": 180})
    return Chart(fig)


def bars(values: pd.Series, title: str, y_title: str) -> go.Figure:
    """A simple bar chart of a labelled series."""
    fig = go.Figure(go.Bar(x=values.index, y=values.round(4), text=values.round(2), marker={"color": "#cc0000"}))
    fig.update_xaxes(title="component")
    fig.update_yaxes(title=y_title)
    return Chart(styled(fig, title, height=380))


def hindsight(hind: pd.DataFrame, latest: pd.DataFrame, claim: float, title: str) -> go.Figure:
    """Market size by year and scope: the latest figures as lines, earlier vintages and forecasts as open markers,
    the projections made in 2023 as crosses, and the claim as a dashed line (USD billion)."""
    fig = go.Figure()
    colours = {"Gartner": "#0078d4", "Dell'Oro": "#cc0000", "Synergy": "#ff9900", "Canalys": "#34a853"}
    for (publisher, scope), every in latest.groupby(["publisher", "scope"], sort=False):
        every = every.sort_values("year")
        rows = every[every["basis"] != "derived"]
        colour = colours.get(publisher, "#555")
        fig.add_trace(
            go.Scatter(
                x=rows["year"], y=rows["value_usd_bn"].round(1), mode="lines+markers", name=f"{publisher}: {scope}",
                line={"color": colour}, legendgroup=publisher,
            )
        )  # fmt: skip
        guessed = every[every["basis"] == "derived"]
        if not guessed.empty:  # drawn from the last measured point, dotted and hollow: not a measurement
            joined = pd.concat([rows.tail(1), guessed])
            fig.add_trace(
                go.Scatter(
                    x=joined["year"], y=joined["value_usd_bn"].round(1), mode="lines+markers", legendgroup=publisher,
                    line={"color": colour, "dash": "dot"}, marker={"symbol": "diamond-open", "size": 10},
                    name=f"{publisher}: {scope}, derived (not measured)",
                )
            )  # fmt: skip
        others = hind[(hind["publisher"] == publisher) & (hind["scope"] == scope)]
        others = others[~others["fact_id"].isin(latest["fact_id"])]
        if not others.empty:
            fig.add_trace(
                go.Scatter(
                    x=others["year"], y=others["value_usd_bn"].round(1), mode="markers", legendgroup=publisher,
                    marker={"symbol": "circle-open", "size": 9, "color": colour},
                    name=f"{publisher}: other vintages and forecasts",
                    hovertext=[f"{b}, {v}" for b, v in zip(others["basis"], others["vintage"], strict=True)],
                )
            )  # fmt: skip
        made = others.dropna(subset=["projection_2023_usd_bn"]).drop_duplicates("year")
        made = pd.concat([made, rows.dropna(subset=["projection_2023_usd_bn"])]).drop_duplicates("year")
        if not made.empty:
            fig.add_trace(
                go.Scatter(
                    x=made["year"], y=made["projection_2023_usd_bn"].round(1), mode="markers", legendgroup=publisher,
                    marker={"symbol": "x", "size": 11, "color": colour}, name=f"{publisher}: projected in 2023",
                )
            )  # fmt: skip
    fig.add_hline(y=claim, line={"color": "#222", "dash": "dash", "width": 1})
    fig.add_annotation(
        x=1, xref="paper", y=claim, text=f"the claim: ${claim:g}B", showarrow=False, yshift=-12, xanchor="right"
    )
    fig.update_xaxes(title="year", dtick=1, tickformat="d")
    fig.update_yaxes(title="USD billion", rangemode="tozero")
    styled(fig, title, height=520)
    fig.update_layout(legend={"y": -0.25}, hovermode="closest")
    return Chart(fig)
