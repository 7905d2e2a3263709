"""Running notebooks: on a copy with papermill for the report (parameters injected, figures as JSON only), or in
place for developers (figures as JSON and a PNG), with the kernels' loopback checked first."""

import os
from contextlib import contextmanager
from pathlib import Path

import nbformat

from analysis.data import paths
from analysis.data.errors import UserError

KERNEL = "python3"
STATIC_ENV = "ANALYSIS_STATIC_CHARTS"  # as in analysis.present.charts (not imported here: it loads plotly)


@contextmanager
def _default_renderer(static: bool = True):
    """Kernels started inside the block use the project's renderer (figure JSON, plus a PNG when ``static``),
    whatever plotly renderer the user set, and this process's project root (an installed package finds it from the
    working folder, and a kernel works in the notebooks' folder)."""
    before = os.environ.pop("PLOTLY_RENDERER", None)
    saved = {name: os.environ.get(name) for name in (STATIC_ENV, "ANALYSIS_ROOT", "ANALYSIS_DATA_DIR")}
    os.environ[STATIC_ENV] = "1" if static else "0"
    os.environ["ANALYSIS_ROOT"] = str(paths.ROOT)
    if saved["ANALYSIS_DATA_DIR"]:  # a relative data folder means the caller's, not the kernel's working folder
        os.environ["ANALYSIS_DATA_DIR"] = os.path.abspath(saved["ANALYSIS_DATA_DIR"])
    try:
        yield
    finally:
        if before is not None:
            os.environ["PLOTLY_RENDERER"] = before
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def notebooks(folder: Path | None = None, only: list[str] | None = None) -> list[Path]:
    """The notebooks in reading order, optionally those whose name starts with one of ``only``."""
    folder = folder or paths.NOTEBOOKS
    found = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    if only is not None:
        blank = [o for o in only if not o.strip()]
        if blank or not only:
            raise UserError("--notebook needs a notebook's number or name, e.g. --notebook 03")
        found = [p for p in found if any(p.name.startswith(o) for o in only)]
        if not found:
            raise UserError(f"no notebook in {paths.relative(folder)} matches {', '.join(only)}")
    return found


def check_loopback() -> None:
    """Kernels talk to this process over 127.0.0.1: fail in one line, at once, where that cannot work."""
    import socket

    try:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
            server.bind(("127.0.0.1", 0))
            server.listen(1)
            with socket.create_connection(server.getsockname(), timeout=2):
                pass
    except OSError as exc:
        raise UserError(
            "notebook kernels need the loopback interface 127.0.0.1, which does not answer here "
            f"({exc.strerror or exc}); bring it up (e.g. ip link set lo up) and run again"
        ) from None


def run_in_place(path: Path) -> None:
    """Re-execute a committed notebook with the default renderer and save it (for developers)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    with _default_renderer():
        client = NotebookClient(
            nb,
            kernel_name=KERNEL,
            timeout=600,
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        )
        try:
            client.execute()
        except CellExecutionError as exc:
            failed = next(
                (c for c in nb.cells if any(o.get("output_type") == "error" for o in c.get("outputs", []))), None
            )
            where = f"cell {failed.execution_count}" if failed is not None else "a cell"
            raise UserError(
                f"{path.name} failed in {where}: {exc.ename}: {exc.evalue}; the notebook was not saved"
            ) from None
    nbformat.write(nb, path)


def for_report(path: Path, out_dir: Path, parameters: dict) -> nbformat.NotebookNode:
    """Execute a copy of a notebook with papermill (parameters injected)."""
    import papermill

    executed = out_dir / "executed" / path.name
    executed.parent.mkdir(parents=True, exist_ok=True)
    with _default_renderer(static=False):  # the pages draw from the JSON
        try:
            return papermill.execute_notebook(
                str(path),
                str(executed),
                parameters=parameters,
                kernel_name=KERNEL,
                # the kernel's folder, passed to nbclient: papermill's own ``cwd`` changes this process's working
                # folder, which the build's threads would race on (one left the process in notebooks/)
                resources={"metadata": {"path": str(path.parent)}},
                progress_bar=False,
                log_output=False,
                request_save_on_cell_execute=False,  # one write at the end, not one per cell
            )
        except papermill.PapermillExecutionError as exc:
            raise UserError(f"{path.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}") from None
