"""A figure as a PNG file (the README picture), drawn by kaleido with the system's Chromium, as the notebooks'
static charts are (``charts.static_png``), offline."""

from pathlib import Path

from analysis import case
from analysis.data import paths
from analysis.data.errors import UserError
from analysis.methods import snapshot
from analysis.methods.spec import Spec
from analysis.present import charts


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


def announcement_png(out: Path) -> Path:
    """The README picture: the subject's abnormal returns around the announcement, its CAR over the case's window in
    the title, written to ``out`` (a .png file)."""
    if out.is_dir() or out.suffix.lower() != ".png":
        raise UserError(f"--out {out} must name a .png file, not a folder")
    wide = snapshot.run([case.SUBJECT], case.ANNOUNCEMENT, spec=Spec(window=(-10, 10)))
    core = snapshot.run([case.SUBJECT], case.ANNOUNCEMENT).results[0]
    fig = charts.abnormal_returns(wide.daily, case.SUBJECT)
    title = (
        f"{case.SUBJECT} around the data-center job posting (day 0 = {core.day0}): "
        f"CAR over days {core.window_start}..{core.window_end:+d} {core.car * 100:+.1f}% (p = {core.p_value:.2f})"
    )
    fig.update_layout(title={"text": title})
    written = figure_png(fig, out)
    if not written.is_file() or written.stat().st_size == 0:
        raise UserError(f"chromium wrote no picture to {paths.relative(out)}")
    return written
