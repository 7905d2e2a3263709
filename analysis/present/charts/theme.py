"""The one look of every chart: template, fixed colours per ticker and provider, round tick steps."""

import math

import plotly.graph_objects as go

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
        "legend": {"orientation": "h", "y": -0.2, "yanchor": "top"},  # below the x-axis title, never on it
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


PROVIDER_COLOURS = {"AWS": "#ff9900", "Microsoft": "#0078d4", "Google": "#34a853"}


def styled(fig: go.Figure, title: str, height: int = 480) -> go.Figure:
    """Apply the project theme and a title."""
    fig.update_layout(template=THEME, title={"text": title, "x": 0.01}, height=height)
    return fig


def round_step(top: float, ticks: int = 5) -> float:
    """A round tick step (1, 2, 2.5 or 5 times a power of ten) giving about ``ticks`` ticks from 0 to ``top``."""
    raw = max(top, 1e-9) / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def translucent(colour: str, alpha: float = 0.15) -> str:
    """'#rrggbb' as an rgba() string."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"
