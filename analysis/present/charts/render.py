"""How a chart reaches a notebook: the figure JSON (what JupyterLab draws and nbval compares) and, beside it, a PNG
of the same figure drawn by kaleido with the system's Chromium, so a repository's web view, nbviewer or a plain
``jupyter nbconvert --to html`` shows every chart.

Every builder returns a :class:`Chart`, a plotly figure that displays itself that way; nothing is registered with
plotly. Without a browser the PNG is left out and one line says why; ``ANALYSIS_STATIC_CHARTS=0`` turns it off
(the test suite and the HTML report, which draw from the JSON, do so). A renderer the user chose
(``PLOTLY_RENDERER``) wins.
"""

import base64
import logging
import os

import plotly.graph_objects as go
import plotly.io as pio

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


class Chart(go.Figure):
    """A plotly figure shown as its JSON plus a PNG fallback in one notebook output."""

    def bundle(self) -> dict:
        """The output's MIME bundle: plotly's own JSON form, and the PNG when one can be drawn."""
        fig_dict = self.to_dict()
        bundle = pio.renderers["plotly_mimetype"].to_mimebundle(fig_dict)
        png = static_png(fig_dict)
        if png:
            bundle["image/png"] = base64.b64encode(png).decode("ascii")
        return bundle

    def _ipython_display_(self) -> None:
        if "PLOTLY_RENDERER" in os.environ:
            super()._ipython_display_()
            return
        from IPython.display import display

        display(self.bundle(), raw=True)
