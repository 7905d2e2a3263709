"""The report: execute every notebook (:mod:`analysis.report.execute`) with its share of the parameters
(:mod:`analysis.report.parameters`), write each as an HTML page (:mod:`analysis.report.export`) and the landing page
(:mod:`analysis.report.landing`). Progress goes to the ``analysis.report.build`` logger, one line per finished page."""

import logging
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from analysis.data import paths
from analysis.report import execute, export, landing
from analysis.report import parameters as notebook_parameters

log = logging.getLogger(__name__)


def build(out_dir: Path | None = None, only: list[str] | None = None, parameters: dict | None = None) -> list[Path]:
    """Execute the notebooks (one more at a time than there are cores: a kernel's start waits on I/O) and write one
    HTML page each plus ``index.html``; returns the pages.

    Only one build writes to a folder at a time, pages are written whole (beside the target, then renamed), and no
    refresh can replace a price file while the build runs."""
    from analysis.data import locks

    out_dir = out_dir or paths.REPORT
    sources = execute.notebooks(only=only)
    shares = notebook_parameters.split(sources, parameters or {})
    execute.check_loopback()
    out_dir.mkdir(parents=True, exist_ok=True)
    busy = f"another report build is writing to {paths.relative(out_dir)}; wait for it or choose another --out"
    with (
        locks.held(out_dir / ".build.lock", wait=False, busy=busy),
        locks.held(locks.data_lock(), shared=True),
    ):
        return _build(out_dir, sources, shares)


def _build(out_dir: Path, sources: list[Path], shares: dict[Path, dict]) -> list[Path]:
    """The build itself, under the locks of :func:`build`."""
    export.write_plotly_js(out_dir)
    total, at_once = len(sources), (os.cpu_count() or 1) + 1
    done = []
    lock = threading.Lock()
    log.info("executing %d notebook(s), %d at a time ...", total, min(total, at_once))

    def page(path: Path) -> tuple[Path, tuple[str, str, str], str | None, str | None]:
        start = time.perf_counter()
        nb = execute.for_report(path, out_dir, shares[path])
        name = export.title(nb, path.stem)
        target = out_dir / f"{path.stem}.html"
        export.write_whole(target, export.to_html(nb, name))
        with lock:  # one numbered line per finished page, in the order they finish
            done.append(path)
            log.info("[%d/%d] wrote %s (%.0f s)", len(done), total, paths.relative(target), time.perf_counter() - start)
        return target, (target.name, name, export.summary(nb)), landing.headline(nb), landing.answer(nb)

    with ThreadPoolExecutor(max_workers=at_once) as pool:
        results = list(pool.map(page, sources))
    lines = [r[2] for r in results if r[2]]  # from the pages as built, so they follow the parameters
    answers = [r[3] for r in results if r[3]]
    index = landing.index_page([r[1] for r in results], lines, answers, landing.as_of())
    export.write_whole(out_dir / "index.html", index)
    return [r[0] for r in results]
