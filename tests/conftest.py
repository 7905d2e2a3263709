"""Shared fixtures: no network in tests, synthetic price files, a scratch copy of the snapshot."""

import shutil
import socket
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import calendar, paths


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


def synthetic_bars(start: str = "2023-01-03", end: str = "2023-03-31", seed: int = 0) -> pd.DataFrame:
    """SYNTHETIC daily bars on NYSE sessions (random walk), in the snapshot schema, for unit tests only."""
    days = calendar.sessions(pd.Timestamp(start), pd.Timestamp(end))
    rng = np.random.default_rng(seed)
    close = 100 * np.exp(np.cumsum(rng.normal(0, 0.02, len(days))))
    open_ = close * (1 + rng.normal(0, 0.005, len(days)))
    high = np.maximum(open_, close) * 1.01
    low = np.minimum(open_, close) * 0.99
    volume = rng.integers(1_000_000, 5_000_000, len(days))
    return pd.DataFrame(
        {"open": open_.round(2), "high": high.round(2), "low": low.round(2), "close": close.round(2), "volume": volume},
        index=pd.DatetimeIndex(days, name="date"),
    )


def write_bars(bars: pd.DataFrame, path: Path) -> Path:
    """Write bars as a snapshot CSV."""
    out = bars.copy()
    out.index = out.index.strftime("%Y-%m-%d")
    out.to_csv(path, index_label="date")
    return path


@pytest.fixture
def price_dir(tmp_path, monkeypatch) -> Path:
    """A scratch copy of the bundled snapshot, installed as ``paths.PRICES``."""
    folder = tmp_path / "prices"
    shutil.copytree(paths.PRICES, folder)
    monkeypatch.setattr(paths, "PRICES", folder)
    return folder


def snapshot_bytes(folder: Path) -> dict[str, bytes]:
    """Every file in a folder, by name, as bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="session")
def report_dir(tmp_path_factory) -> Path:
    """The full HTML report, built once per test session from the committed notebooks."""
    from analysis import report

    out = tmp_path_factory.mktemp("report")
    report.build(out)
    return out
