"""A figure as a PNG file (the README picture), drawn by kaleido with the system's Chromium, as the notebooks'
static charts are (``charts.static_png``), offline."""

from pathlib import Path

from analysis.data.errors import UserError


def figure_png(fig, path: Path, width: int = 1100, height: int = 520) -> Path:
    """Render a figure to a PNG file ``width`` by ``height`` pixels."""
    import kaleido
    from kaleido.errors import BrowserFailedError, ChromeNotFoundError

    try:
        png = kaleido.calc_fig_sync(fig.to_dict(), opts={"format": "png", "width": width, "height": height})
    except (ChromeNotFoundError, BrowserFailedError) as exc:
        raise UserError(f"making a PNG needs chromium (apt-get install chromium): {exc}") from None
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png)
    return path
