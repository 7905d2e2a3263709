"""What a reader sees in JupyterLab: every committed notebook opened in a real JupyterLab (server on loopback,
headless Chromium driven over the DevTools protocol, windowing off so every output renders): no output or Markdown
cell typeset as maths, and every dollar amount of the stored text shown as written."""

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import nbformat
import pytest

from analysis.data import paths
from analysis.report import execute
from tests.helpers import Browser, needs_chromium

NOTEBOOKS = [p.stem for p in execute.notebooks()]
AMOUNT = re.compile(r"\$\d[\d,.]*(?:[BMKT]\b| billion| trillion| million)?")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on loopback over a copy of the notebooks (opening one must not write into the repository)."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(paths.NOTEBOOKS, root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for copy in (root / "notebooks").glob("*.ipynb"):  # no kernel needed to show stored outputs: none is started
        nb = nbformat.read(copy, as_version=4)
        nb.metadata["kernelspec"] = {"name": "no-kernel-for-reading", "display_name": "none"}
        nbformat.write(nb, copy)
    settings = root / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port, token = free_port(), "test-token"
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}", "--allow-root",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         f"--LabApp.user_settings_dir={root / 'settings'}", f"--LabApp.workspaces_dir={root / 'workspaces'}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.2)
    browser = Browser(root / "profile")
    yield browser, port, token
    browser.close()
    server.terminate()
    server.wait(timeout=30)


def stored_markdown(nb: nbformat.NotebookNode) -> str:
    """The Markdown a reader should see: cells and text/markdown outputs, dollars as they are meant to read."""
    parts = [c.source for c in nb.cells if c.cell_type == "markdown"]
    parts += ["".join(o["data"]["text/markdown"]) for c in nb.cells for o in c.get("outputs", [])
              if "text/markdown" in o.get("data", {})]  # fmt: skip
    return "\n".join(parts).replace("\\\\$", "$").replace("\\$", "$")


@needs_chromium
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_amount_is_typeset_as_maths_in_jupyterlab(lab, name):
    browser, port, token = lab
    nb = nbformat.read(paths.NOTEBOOKS / f"{name}.ipynb", as_version=4)
    outputs = sum(len(c.get("outputs", [])) for c in nb.cells)
    browser.call("Page.navigate", url=f"http://127.0.0.1:{port}/lab/workspaces/{name}/tree/notebooks/{name}.ipynb"
                                      f"?reset&token={token}")  # fmt: skip
    browser.wait(f"document.querySelectorAll('.jp-OutputArea-output').length >= {outputs}")
    time.sleep(2)  # MathJax typesets after the outputs are in the page
    maths = browser.js("document.querySelectorAll('.jp-Notebook mjx-container, .jp-Notebook .MathJax').length")
    assert maths == 0, f"{name}: {maths} element(s) typeset as maths"
    shown = " ".join(browser.js("document.querySelector('.jp-Notebook').innerText").split())
    amounts = set(AMOUNT.findall(stored_markdown(nb)))
    assert amounts, f"{name}: no dollar amount to look for"
    missing = sorted(a for a in amounts if a not in shown)
    assert not missing, f"{name}: amounts not shown as written: {missing[:5]}"
