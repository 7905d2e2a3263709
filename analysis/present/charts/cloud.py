"""Charts of the cloud business: AWS sales, growth and margin, the peers, and market shares by quarter."""

import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.present.charts.render import Chart
from analysis.present.charts.theme import PROVIDER_COLOURS, round_step, styled


def _bars_with_rate(
    x: pd.Index,
    bars: pd.Series,
    bar_name: str,
    bar_colour: str | list[str],
    rate: pd.Series,
    rate_name: str,
    rate_colour: str,
    titles: tuple[str, str],
) -> go.Figure:
    """Bars in USD billion on the left axis and a rate (fraction, shown in %) as a line on the right axis."""
    from plotly.subplots import make_subplots

    fig = make_subplots(specs=[[{"secondary_y": True}]])
    when = _quarter_starts(pd.Series(x))  # quarters on a time axis: in order, one readable label a year
    labels = list(x)
    fig.add_trace(
        go.Bar(x=when, y=bars, name=bar_name, marker={"color": bar_colour}, customdata=labels,
               hovertemplate="%{customdata}: %{y:.2f}"),
        secondary_y=False,
    )  # fmt: skip
    fig.add_trace(
        go.Scatter(x=when, y=(rate * 100).round(2), name=rate_name, mode="lines+markers", line={"color": rate_colour},
                   customdata=labels, hovertemplate="%{customdata}: %{y:.1f}%"),
        secondary_y=True,
    )  # fmt: skip
    fig.update_xaxes(title="calendar quarter", dtick="M12", tickformat="%Y", ticklabelmode="period")
    fig.update_yaxes(title=titles[0], secondary_y=False)
    top = float(np.nanmax(rate.to_numpy(dtype=float))) * 100
    step = round_step(top)
    fig.update_yaxes(
        title=titles[1], secondary_y=True, showgrid=False, ticksuffix="%", tickformat=".0f", dtick=step,
        range=[min(0.0, float(np.nanmin(rate.to_numpy(dtype=float))) * 100), math.ceil(top / step) * step * 1.05],
    )  # fmt: skip
    fig.update_layout(hovermode="x unified")
    return fig


def aws_sales(metrics: pd.DataFrame, highlight: str) -> go.Figure:
    """AWS quarterly net sales as bars (one quarter highlighted and annotated) with YoY growth on a second axis."""
    fig = _bars_with_rate(
        metrics.index,
        metrics["net_sales_usd_bn"],
        "net sales ($B)",
        ["#ff9900" if q == highlight else "#f5cf99" for q in metrics.index],
        metrics["yoy_growth"],
        "YoY growth (%)",
        "#222",
        ("net sales, USD billion", "growth over the year-ago quarter"),
    )
    row = metrics.loc[highlight]
    fig.add_annotation(
        x=_quarter_starts(pd.Series([highlight]))[0],
        y=row["net_sales_usd_bn"],
        text=f"{highlight}: ${row['net_sales_usd_bn']:.1f}B<br>{row['yoy_growth'] * 100:+.1f}% YoY",
        showarrow=True,
        arrowhead=2,
        ax=-70,
        ay=-60,
        bgcolor="white",
    )
    return Chart(styled(fig, "AWS segment net sales by quarter and year-over-year growth"))


def aws_margin(metrics: pd.DataFrame) -> go.Figure:
    """AWS operating income as bars and operating margin on a second axis."""
    fig = _bars_with_rate(
        metrics.index,
        metrics["operating_income_usd_bn"],
        "operating income ($B)",
        "#ff9900",
        metrics["operating_margin"],
        "operating margin (%)",
        "#cc0000",
        ("operating income, USD billion", "operating margin"),
    )
    return Chart(styled(fig, "AWS operating income and operating margin"))


def lines(frame: pd.DataFrame, title: str, y_title: str) -> go.Figure:
    """One line per column over a quarter index ('2023Q2'), drawn on a time axis so every line is in time order."""
    fig = go.Figure()
    for name in frame.columns:
        s = frame[name].dropna()
        fig.add_trace(
            go.Scatter(
                x=_quarter_starts(s.index), y=s.round(4).values, name=name, mode="lines+markers",
                customdata=list(s.index), hovertemplate="%{customdata}: %{y}",
            )
        )  # fmt: skip
    fig.update_xaxes(title="calendar quarter", dtick="M12", tickformat="%Y", ticklabelmode="period")
    fig.update_yaxes(title=y_title, rangemode="tozero")
    return Chart(styled(fig, title, height=400))


def _quarter_starts(labels: pd.Series) -> pd.DatetimeIndex:
    """'2023Q2' -> 2023-04-01, so that quarters sit on a real time axis in time order."""
    return pd.PeriodIndex(labels, freq="Q").start_time


def _peer_lines(rows: pd.DataFrame, column: str, scale: float, digits: int) -> go.Figure:
    """One line per provider series over time; Microsoft's FY2025-segment series dashed (the recast is a break)."""
    fig = go.Figure()
    for name, part in rows.dropna(subset=[column]).groupby("provider", sort=False):
        part = part.sort_values("quarter")
        colour = next((c for k, c in PROVIDER_COLOURS.items() if name.startswith(k)), "#555")
        dash = "dash" if "FY25" in name else "dot" if "pre-recast" in name else "solid"
        fig.add_trace(
            go.Scatter(
                x=_quarter_starts(part["quarter"]), y=(part[column] * scale).round(digits), name=name,
                mode="lines+markers", customdata=part["quarter"], hovertemplate="%{customdata}: %{y}",
                line={"color": colour, "dash": dash},
            )
        )  # fmt: skip
    fig.update_xaxes(title="calendar quarter", dtick="M12", tickformat="%Y", ticklabelmode="period")
    fig.update_layout(hovermode="closest")
    return fig


def peer_revenue(rows: pd.DataFrame) -> go.Figure:
    """Quarterly cloud revenue of AWS and its peers (``cloud.peer_rows``), Microsoft's recast as its own series."""
    fig = _peer_lines(rows, "revenue_usd_bn", 1, 2)
    fig.update_yaxes(title="revenue per quarter, USD billion", rangemode="tozero")
    return Chart(styled(fig, "Cloud revenue by calendar quarter: AWS, Microsoft Intelligent Cloud, Google Cloud"))


def peer_margin(rows: pd.DataFrame) -> go.Figure:
    """Operating margin of the providers whose segment operating income is in the data (percent); figures from
    before a segment recast are a series of their own (dotted), never joined to the recast ones."""
    first = rows["margin_basis"] == "as first reported"
    split = rows.assign(provider=rows["provider"].where(~first, rows["provider"] + " (as first reported, pre-recast)"))
    fig = _peer_lines(split, "operating_margin", 100, 1)
    fig.add_hline(y=0, line={"color": "#999", "width": 1})
    fig.update_yaxes(title="operating income / revenue, %", ticksuffix="%")
    return Chart(styled(fig, "Operating margin where disclosed (none in the data for Microsoft Intelligent Cloud)"))


def peer_growth(rows: pd.DataFrame) -> go.Figure:
    """Year-over-year growth of each provider series (percent), never across Microsoft's recast."""
    fig = _peer_lines(rows, "yoy_growth", 100, 1)
    fig.add_hline(y=0, line={"color": "#999", "width": 1})
    fig.update_yaxes(title="revenue growth year over year, %", ticksuffix="%")
    return Chart(styled(fig, "Cloud revenue growth year over year"))


def stacked_shares(shares: pd.DataFrame, title: str) -> go.Figure:
    """Market shares stacked by quarter, with the rest of the market as 'others'."""
    colours = {"AWS": "#ff9900", "Microsoft Azure": "#0078d4", "Google Cloud": "#34a853", "others": "#ccc"}
    table = shares.assign(others=(100 - shares.sum(axis=1)).where(shares.notna().all(axis=1)))  # only when complete
    fig = go.Figure()
    when = _quarter_starts(pd.Series(table.index))  # a time axis: quarters in order, one label a year
    for name in ["AWS", "Microsoft Azure", "Google Cloud", "others"]:
        fig.add_trace(
            go.Bar(
                x=when,
                y=table[name],
                name=name,
                marker={"color": colours[name]},
                text=table[name],
                textposition="inside",
                customdata=list(table.index),
                hovertemplate="%{customdata}: %{y:g}%",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title="calendar quarter", dtick="M12", tickformat="%Y", ticklabelmode="period")
    fig.update_yaxes(title="share of worldwide cloud infrastructure services, %", range=[0, 100])
    return Chart(styled(fig, title))
