"""Shared fixtures: no network in tests, synthetic price files, a scratch copy of the snapshot."""

import shutil
import socket
from pathlib import Path

import pytest

from analysis.data import paths


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any connection to a non-loopback address fails loudly (tests must never reach the internet)."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1")):
            return real_connect(self, address)
        raise OSError(f"network access attempted in a test: {address}")

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def price_dir(tmp_path, monkeypatch) -> Path:
    """A scratch copy of the bundled snapshot, installed as ``paths.PRICES``."""
    folder = tmp_path / "prices"
    shutil.copytree(paths.PRICES, folder)
    monkeypatch.setattr(paths, "PRICES", folder)
    return folder


@pytest.fixture(scope="session")
def report_dir(tmp_path_factory) -> Path:
    """The full HTML report, built once per test session from a copy of the data whose free-text columns carry a
    script payload (``tests.helpers.poison_text``) and with non-default values for every notebook's parameters
    (``tests.helpers.RERUNS``). Its pages serve the report, browser and escaping tests, its executed notebooks the
    checks that each notebook follows its parameters. nbval runs the defaults on the real data; so each notebook
    executes twice a run: once as committed, once with other values."""
    from analysis.report import build
    from tests.helpers import RERUNS, poison_text

    base = tmp_path_factory.mktemp("hostile")
    data = base / "data"
    shutil.copytree(paths.DATA, data)
    poison_text(data)
    with pytest.MonkeyPatch.context() as patch:  # kernels inherit it; later tests see the real data again
        patch.setenv("ANALYSIS_DATA_DIR", str(data))
        build.build(base / "report", parameters=RERUNS)
    return base / "report"
