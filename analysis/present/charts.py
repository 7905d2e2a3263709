"""Plotly figure builders with one shared look, and the notebook renderer that stores each chart twice.

Importing this module makes ``analysis`` plotly's default renderer: a chart's output holds the figure JSON (what
JupyterLab draws and nbval compares) and, beside it, a PNG of the same figure drawn by kaleido with the system's
Chromium, so a repository's web view, nbviewer or a plain ``jupyter nbconvert --to html`` shows every chart.
Without a browser the PNG is left out and one line says why; ``ANALYSIS_STATIC_CHARTS=0`` turns it off (the test
suite and the HTML report, which draw from the JSON, do so).
"""

import base64
import html
import logging
import math
import os

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio
from plotly.io._base_renderers import PlotlyRenderer

from analysis import case

log = logging.getLogger(__name__)

STATIC_ENV = "ANALYSIS_STATIC_CHARTS"
STATIC_WIDTH = 900
_static = {"started": False, "failed": ""}


def static_png(fig_dict: dict) -> bytes | None:
    """A PNG of a figure (kaleido and the system's Chromium), or None when turned off or impossible."""
    if os.environ.get(STATIC_ENV, "1") == "0" or _static["failed"]:
        return None
    try:
        import kaleido

        if not _static["started"]:
            kaleido.start_sync_server(silence_warnings=True)  # one browser per kernel, not one per chart
            _static["started"] = True
        height = fig_dict.get("layout", {}).get("height") or 480
        return kaleido.calc_fig_sync(fig_dict, opts={"format": "png", "width": STATIC_WIDTH, "height": height})
    except Exception as exc:  # no browser, or kaleido missing: the interactive chart still works
        _static["failed"] = f"{type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
        log.warning(
            "note: charts are stored without a static image (%s); "
            "install Chromium (apt-get install chromium) to add one",
            _static["failed"][:120],
        )
        return None


class JsonWithImage(PlotlyRenderer):
    """Plotly's figure JSON plus a PNG fallback of the same figure in one output."""

    def to_mimebundle(self, fig_dict: dict) -> dict:
        bundle = super().to_mimebundle(fig_dict)
        png = static_png(fig_dict)
        if png:
            bundle["image/png"] = base64.b64encode(png).decode("ascii")
        return bundle


pio.renderers["analysis"] = JsonWithImage()
if "PLOTLY_RENDERER" not in os.environ:  # a renderer the user chose wins
    pio.renderers.default = "analysis"

# A small template of our own keeps the stored figure JSON compact and every chart alike.
THEME = go.layout.Template(
    layout={
        "font": {"family": "Inter, Helvetica, Arial, sans-serif", "size": 13, "color": "#222"},
        "colorway": ["#cc0000", "#ff9900", "#0078d4", "#34a853", "#7e57c2", "#555555", "#999999"],
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "xaxis": {"gridcolor": "#eee", "linecolor": "#999", "zeroline": False},
        "yaxis": {"gridcolor": "#eee", "linecolor": "#999", "zeroline": False},
        "hovermode": "x unified",
        "legend": {"orientation": "h", "y": -0.15},
        "margin": {"l": 60, "r": 30, "t": 70, "b": 60},
    }
)

# Fixed colours per ticker so a ticker looks the same on every chart.
TICKER_COLOURS = {
    "TSLA": "#cc0000",
    "AMZN": "#ff9900",
    "MSFT": "#0078d4",
    "GOOGL": "#34a853",
    "META": "#7e57c2",
    "SPY": "#555555",
    "QQQ": "#999999",
}


def styled(fig: go.Figure, title: str, height: int = 480) -> go.Figure:
    """Apply the project theme and a title."""
    fig.update_layout(template=THEME, title={"text": title, "x": 0.01}, height=height)
    return fig


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


def rebased_lines(
    rebased: pd.DataFrame,
    title: str,
    anchor: pd.Timestamp,
    events: pd.DataFrame | None = None,
    y_title: str = "Close, rebased (anchor day = 100)",
) -> go.Figure:
    """Rebased price lines, the anchor day marked, and dated events as numbered markers with hover text."""
    fig = _price_lines(rebased, 2, markers=False)
    fig.add_vline(x=anchor, line={"color": "#222", "dash": "dash", "width": 1})
    fig.add_annotation(x=anchor, y=1.02, yref="paper", text=f"{anchor.date()}", showarrow=False, font={"size": 11})
    if events is not None and not events.empty:
        top = float(rebased.max().max())
        fig.add_trace(
            go.Scatter(
                x=events["date"],
                y=[top * (1.04 + 0.06 * (i % 2)) for i in range(len(events))],  # alternate so numbers do not overlap
                mode="markers+text",
                text=[str(i + 1) for i in range(len(events))],
                textposition="top center",
                marker={"symbol": "triangle-down", "size": 10, "color": "#222"},
                hovertext=[
                    f"{d.date()} {t}: {e}"
                    for d, t, e in zip(events["date"], events["ticker"], events["event"], strict=True)
                ],
                hoverinfo="text",
                name="dated events",
            )
        )
        for day in events["date"]:
            fig.add_vline(x=day, line={"color": "#bbb", "dash": "dot", "width": 1})
    fig.update_yaxes(title=y_title)
    return styled(fig, title)


def event_window_prices(rebased: pd.DataFrame, day0: pd.Timestamp, label: str) -> go.Figure:
    """Total-return lines rebased to 100 on day -1 around an event, day 0 marked and annotated with ``label``."""
    fig = _price_lines(rebased, 3, markers=True)
    fig.add_vline(x=day0, line={"color": "#222", "dash": "dash", "width": 1})
    text = f"{html.escape(label)}<br>(day 0)"
    fig.add_annotation(x=day0, y=1.0, yref="paper", text=text, showarrow=True, arrowhead=2, ax=60, ay=-30)
    fig.add_hline(y=100, line={"color": "#999", "width": 1})
    fig.update_yaxes(title="total return, day -1 = 100")
    return styled(fig, f"Prices around day 0 ({day0.date()})")


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
    return fig


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
    fig.update_xaxes(dtick="M12", tickformat="%Y", ticklabelmode="period")
    fig.update_yaxes(title=titles[0], secondary_y=False)
    top = float(np.nanmax(rate.to_numpy(dtype=float))) * 100
    step = round_step(top)
    fig.update_yaxes(
        title=titles[1], secondary_y=True, showgrid=False, ticksuffix="%", tickformat=".0f", dtick=step,
        range=[min(0.0, float(np.nanmin(rate.to_numpy(dtype=float))) * 100), math.ceil(top / step) * step * 1.05],
    )  # fmt: skip
    fig.update_layout(hovermode="x unified")
    return fig


def round_step(top: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` ticks from 0 to ``top``."""
    raw = max(top, 1e-9) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


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
    return styled(fig, "AWS segment net sales by quarter and year-over-year growth")


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
    return styled(fig, "AWS operating income and operating margin")


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
    fig.update_xaxes(dtick="M12", tickformat="%Y", ticklabelmode="period")
    fig.update_yaxes(title=y_title, rangemode="tozero")
    return styled(fig, title, height=400)


PROVIDER_COLOURS = {"AWS": "#ff9900", "Microsoft": "#0078d4", "Google": "#34a853"}


def _quarter_starts(labels: pd.Series) -> pd.DatetimeIndex:
    """'2023Q2' -> 2023-04-01, so that quarters sit on a real time axis in time order."""
    return pd.PeriodIndex(labels, freq="Q").start_time


def _peer_lines(rows: pd.DataFrame, column: str, scale: float, digits: int) -> go.Figure:
    """One line per provider series over time; Microsoft's FY2025-segment series dashed (the recast is a break)."""
    fig = go.Figure()
    for name, part in rows.dropna(subset=[column]).groupby("provider", sort=False):
        part = part.sort_values("quarter")
        colour = next((c for k, c in PROVIDER_COLOURS.items() if name.startswith(k)), "#555")
        fig.add_trace(
            go.Scatter(
                x=_quarter_starts(part["quarter"]), y=(part[column] * scale).round(digits), name=name,
                mode="lines+markers", customdata=part["quarter"], hovertemplate="%{customdata}: %{y}",
                line={"color": colour, "dash": "dash" if "FY25" in name else "solid"},
            )
        )  # fmt: skip
    fig.update_xaxes(dtick="M12", tickformat="%Y", ticklabelmode="period")
    fig.update_layout(hovermode="closest")
    return fig


def peer_revenue(rows: pd.DataFrame) -> go.Figure:
    """Quarterly cloud revenue of AWS and its peers (``cloud.peer_rows``), Microsoft's recast as its own series."""
    fig = _peer_lines(rows, "revenue_usd_bn", 1, 2)
    fig.update_yaxes(title="revenue per quarter, USD billion", rangemode="tozero")
    return styled(fig, "Cloud revenue by calendar quarter: AWS, Microsoft Intelligent Cloud, Google Cloud")


def peer_margin(rows: pd.DataFrame) -> go.Figure:
    """Operating margin of the providers whose segment operating income is in the data (percent)."""
    fig = _peer_lines(rows, "operating_margin", 100, 1)
    fig.add_hline(y=0, line={"color": "#999", "width": 1})
    fig.update_yaxes(title="operating income / revenue, %", ticksuffix="%")
    return styled(fig, "Operating margin where disclosed (none in the data for Microsoft Intelligent Cloud)")


def peer_growth(rows: pd.DataFrame) -> go.Figure:
    """Year-over-year growth of each provider series (percent), never across Microsoft's recast."""
    fig = _peer_lines(rows, "yoy_growth", 100, 1)
    fig.add_hline(y=0, line={"color": "#999", "width": 1})
    fig.update_yaxes(title="revenue growth year over year, %", ticksuffix="%")
    return styled(fig, "Cloud revenue growth year over year")


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
    fig.update_xaxes(dtick="M12", tickformat="%Y", ticklabelmode="period")
    fig.update_yaxes(title="share of worldwide cloud infrastructure services, %", range=[0, 100])
    return styled(fig, title)


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
    styled(fig, "Data-center market size: estimates by scope", height=540)
    fig.update_layout(hovermode="closest", margin={"l": 380}, legend={"y": -0.22})
    return fig


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
    fig.update_yaxes(title="USD billion per quarter")
    return styled(fig, title)


def fan(projection: pd.DataFrame, title: str, low: str, high: str) -> go.Figure:
    """Projection lines with the area between the low and high scenarios shaded."""
    fig = go.Figure()
    x = projection.index.astype(str)
    fig.add_trace(go.Scatter(x=x, y=projection[high].round(2), mode="lines", line={"width": 0}, showlegend=False))
    band = {"fill": "tonexty", "fillcolor": "rgba(204,0,0,0.1)", "line": {"width": 0}}
    fig.add_trace(
        go.Scatter(x=x, y=projection[low].round(2), mode="lines", name="range of published growth rates", **band)
    )
    for name in projection.columns:
        fig.add_trace(go.Scatter(x=x, y=projection[name].round(2), mode="lines+markers", name=name))
    fig.update_yaxes(title="USD billion", rangemode="tozero")
    return styled(fig, title)


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
    styled(fig, title, height=420)
    fig.update_layout(margin={"l": 180})
    return fig


def bars(values: pd.Series, title: str, y_title: str) -> go.Figure:
    """A simple bar chart of a labelled series."""
    fig = go.Figure(go.Bar(x=values.index, y=values.round(4), text=values.round(2), marker={"color": "#cc0000"}))
    fig.update_yaxes(title=y_title)
    return styled(fig, title, height=380)


def milestone_timeline(levels: pd.DataFrame, milestones: pd.DataFrame, title: str) -> go.Figure:
    """Total-return lines rebased to 100 on the first day, each milestone a numbered marker whose number links to
    its source (hover for the event), confounded milestones hollow."""
    rebased = levels / levels.iloc[0] * 100.0
    fig = _price_lines(rebased, 1, markers=False)
    top = float(rebased.max().max()) * 1.06
    numbers = [str(i + 1) for i in range(len(milestones))]
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
            hovertext=[
                f"{n}. {d.date()}: {html.escape(label)}" + (" (confounded)" if c else "")
                for n, d, label, c in zip(
                    numbers, milestones["day0"], milestones["label"], milestones["confounded"], strict=True
                )
            ],
            hoverinfo="text",
            name="milestone (hollow: confounded)",
        )
    )
    for i, (n, day, url) in enumerate(zip(numbers, milestones["day0"], milestones["url"], strict=True)):
        text = f'<a href="{html.escape(url)}">{n}</a>' if url.startswith(("https://", "http://")) else n
        # alternate heights so that the numbers of milestones a few days apart do not overlap
        fig.add_annotation(x=day, y=top, text=text, showarrow=False, yshift=14 + 12 * (i % 2), font={"size": 10})
    fig.update_yaxes(title="total return, rebased (first day = 100)")
    fig.update_layout(hovermode="closest")
    return styled(fig, title, height=520)


def caar_paths(paths: dict[str, pd.DataFrame], title: str, level: float = 0.95) -> go.Figure:
    """CAAR by relative day for several event sets, each with its cross-sectional band (percent)."""
    fig = go.Figure()
    colours = ["#cc0000", "#0078d4", "#34a853", "#7e57c2"]
    for (name, daily), colour in zip(paths.items(), colours, strict=False):
        x = daily["rel_day"].tolist()
        if "caar_lo" in daily:
            fig.add_trace(
                go.Scatter(
                    x=x + x[::-1],
                    y=((pd.concat([daily["caar_hi"], daily["caar_lo"][::-1]])) * 100).round(3).tolist(),
                    fill="toself",
                    fillcolor=_translucent(colour),
                    line={"width": 0},
                    hoverinfo="skip",
                    name=f"{name}: {level:.0%} band",
                )
            )
        fig.add_trace(
            go.Scatter(x=x, y=(daily["caar"] * 100).round(3), mode="lines+markers", line={"color": colour}, name=name)
        )
    fig.add_hline(y=0, line={"color": "#999", "width": 1})
    fig.update_xaxes(title="trading day relative to day 0", dtick=1)
    fig.update_yaxes(title="CAAR, percent")
    styled(fig, title, height=460)
    fig.update_layout(legend={"y": -0.3})
    return fig


def _translucent(colour: str, alpha: float = 0.15) -> str:
    """'#rrggbb' as an rgba() string."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def bhar_bars(table: pd.DataFrame, benchmarks: tuple[str, ...], title: str) -> go.Figure:
    """Buy-and-hold abnormal returns by holding period (milestone n to n + 1, numbered as on the timeline), one bar
    per benchmark (percent); hover gives the dates."""
    fig = go.Figure()
    x = [str(i + 1) for i in range(len(table))]
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
    return fig


def hindsight(hind: pd.DataFrame, latest: pd.DataFrame, claim: float, title: str) -> go.Figure:
    """Market size by year and scope: the latest figures as lines, earlier vintages and forecasts as open markers,
    the projections made in 2023 as crosses, and the claim as a dashed line (USD billion)."""
    fig = go.Figure()
    colours = {"Gartner": "#0078d4", "Dell'Oro": "#cc0000", "Synergy": "#ff9900", "Canalys": "#34a853"}
    for (publisher, scope), rows in latest.groupby(["publisher", "scope"], sort=False):
        rows = rows.sort_values("year")
        colour = colours.get(publisher, "#555")
        fig.add_trace(
            go.Scatter(
                x=rows["year"], y=rows["value_usd_bn"].round(1), mode="lines+markers", name=f"{publisher}: {scope}",
                line={"color": colour}, legendgroup=publisher,
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
    return fig
