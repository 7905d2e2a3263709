"""The report: execute every notebook (:mod:`analysis.report.execute`) with its share of the parameters
(:mod:`analysis.report.parameters`), write each as an HTML page (:mod:`analysis.report.export`) and the landing
page (:mod:`analysis.report.landing`). Progress goes to the ``analysis.report.build`` logger, one line per page.

A build writes into a scratch folder beside its target and swaps it in only when every page succeeded, so a failed
or interrupted build leaves the previous report whole. Rebuilding some pages into an existing report replaces those
pages and keeps the others: ``report.json`` lists every page with its title, summary, headline, answer and the
parameters it was built with, and the index is written from it. A build of some pages or with parameters, given no
``--out``, goes to its own folder under ``build/runs/``.
"""

import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

from analysis.data import paths
from analysis.data.errors import UserError
from analysis.report import execute, export, landing
from analysis.report import parameters as notebook_parameters

log = logging.getLogger(__name__)
MANIFEST = "report.json"


@dataclass
class Page:
    """One built page as the index lists it."""

    href: str
    title: str
    summary: str
    headline: str | None = None
    answer: str | None = None
    parameters: dict = field(default_factory=dict)


def run_folder(only: list[str] | None, parameters: dict | None) -> Path:
    """Where a build goes when no ``--out`` is given: the full report for a plain build, else a folder of its own
    named by the pages and a short hash of the parameters (``build/runs/03-1a2b3c4d``)."""
    if not only and not parameters:
        return paths.REPORT
    key = hashlib.sha256(json.dumps([sorted(only or []), parameters or {}], sort_keys=True).encode()).hexdigest()
    return paths.BUILD / "runs" / f"{'-'.join(sorted(only or ['all']))}-{key[:8]}"


def lock_path(out_dir: Path) -> Path:
    """The lock a build of ``out_dir`` holds, beside the folder (the folder itself is swapped at the end)."""
    return out_dir.parent / f".{out_dir.name}.build.lock"


def _check_out(out_dir: Path) -> None:
    """The output must be a folder, or a path whose existing part is folders, and never the file system's root or a
    folder of the project's sources (the build swaps the whole folder)."""
    sources = [paths.DATA, paths.NOTEBOOKS, paths.PACKAGE, paths.ROOT / "tests", paths.ROOT / "docs"]
    if out_dir in (Path(out_dir.anchor), paths.ROOT) or any(out_dir == f or f in out_dir.parents for f in sources):
        raise UserError(f"--out {out_dir}: choose a folder of its own (for example under build/), not the project's "
                        "sources or the root")  # fmt: skip
    for part in [out_dir, *out_dir.parents]:
        if part.exists():
            if not part.is_dir():
                raise UserError(f"--out {paths.relative(out_dir)}: {paths.relative(part)} is a file, not a folder")
            return


def build(out_dir: Path | None = None, only: list[str] | None = None, parameters: dict | None = None) -> list[Path]:
    """Execute the notebooks (one more at a time than there are cores: a kernel's start waits on I/O), write one
    HTML page each, ``report.json`` and ``index.html``; returns the pages (at their final place).

    Only one build writes to a folder at a time, and no refresh can replace a price file while the build runs."""
    from analysis.data import locks

    out_dir = (out_dir or run_folder(only, parameters)).resolve()
    _check_out(out_dir)
    sources = execute.notebooks(only=only)
    shares = notebook_parameters.split(sources, parameters or {})
    execute.check_loopback()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    busy = f"another report build is writing to {paths.relative(out_dir)}; wait for it or choose another --out"
    with (
        locks.held(lock_path(out_dir), wait=False, busy=busy),
        locks.held(locks.data_lock(), shared=True),
    ):
        scratch = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
        try:
            if out_dir.is_dir():  # the pages not rebuilt stay as they are
                shutil.copytree(out_dir, scratch, dirs_exist_ok=True, ignore=shutil.ignore_patterns("executed"))
            built = _build(scratch, sources, shares)
            _swap(scratch, out_dir)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return [out_dir / p.name for p in built]


def _swap(scratch: Path, out_dir: Path) -> None:
    """Put the finished build in place of the old folder (two renames; the old one is removed after)."""
    old = out_dir.with_name(f".{out_dir.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out_dir.exists():
        out_dir.rename(old)
    scratch.rename(out_dir)
    shutil.rmtree(old, ignore_errors=True)


def _manifest(folder: Path) -> dict[str, Page]:
    """The pages an earlier build left in ``folder`` (none when it holds no readable manifest)."""
    try:
        listed = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return {p["href"]: Page(**p) for p in listed["pages"] if (folder / p["href"]).is_file()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _build(out_dir: Path, sources: list[Path], shares: dict[Path, dict]) -> list[Path]:
    """The build itself, under the locks of :func:`build`, into the scratch folder."""
    export.write_plotly_js(out_dir)
    total, at_once = len(sources), (os.cpu_count() or 1) + 1
    done = []
    lock = threading.Lock()
    log.info("executing %d notebook(s), %d at a time ...", total, min(total, at_once))

    def page(path: Path) -> tuple[Path, Page]:
        start = time.perf_counter()
        nb = execute.for_report(path, out_dir, shares[path])
        name = export.title(nb, path.stem)
        target = out_dir / f"{path.stem}.html"
        export.write_whole(target, export.to_html(nb, name, shares[path]))
        with lock:  # one numbered line per finished page, in the order they finish
            done.append(path)
            log.info("[%d/%d] built %s (%.0f s)", len(done), total, target.name, time.perf_counter() - start)
        listed = Page(target.name, name, export.summary(nb), landing.headline(nb), landing.answer(nb), shares[path])
        return target, listed

    with ThreadPoolExecutor(max_workers=at_once) as pool:
        results = list(pool.map(page, sources))
    pages = _manifest(out_dir) | {p.href: p for _, p in results}
    ordered = [pages[href] for href in sorted(pages)]
    export.write_whole(out_dir / MANIFEST, json.dumps({"pages": [asdict(p) for p in ordered]}, indent=1))
    export.write_whole(out_dir / "index.html", landing.index_page(ordered, landing.as_of()))
    return [t for t, _ in results]
