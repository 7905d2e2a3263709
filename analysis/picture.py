"""A figure as a PNG file (the README picture), drawn by headless Chromium from plotly's own HTML, offline."""

from pathlib import Path

from analysis.errors import UserError


def figure_png(fig, path: Path, width: int = 1100, height: int = 520) -> Path:
    """Render a figure to PNG with headless Chromium (Debian's ``chromium``), offline."""
    import shutil
    import subprocess
    import tempfile

    import plotly.io as pio

    browser = shutil.which("chromium")
    if browser is None:
        raise UserError("making a PNG needs chromium (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "figure.html"
        fig.update_layout(width=width, height=height)
        page.write_text(pio.to_html(fig, include_plotlyjs=True, full_html=True, config={"displayModeBar": False}))
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", f"--user-data-dir={tmp}/profile",
            f"--window-size={width},{height}", "--virtual-time-budget=5000", f"--screenshot={path.resolve()}",
            page.as_uri(),
        ]  # fmt: skip
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(command, capture_output=True, check=True, timeout=120)
    return path
