"""Helpers shared by test files (importable as ``tests.helpers``; pytest puts the project root on sys.path)."""

import csv
import json
import os
import re
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
import websocket
from scipy import stats

from analysis.data import sessions


def synthetic_bars(start: str = "2023-01-03", end: str = "2023-03-31", seed: int = 0) -> pd.DataFrame:
    """SYNTHETIC daily bars on NYSE sessions (random walk), in the snapshot schema, for unit tests only."""
    days = sessions.sessions(pd.Timestamp(start), pd.Timestamp(end))
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


def snapshot_bytes(folder: Path) -> dict[str, bytes]:
    """Every file in a folder, by name, as bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def hand_total_returns(tickers: tuple[str, ...]) -> pd.DataFrame:
    """Total returns written out from the raw CSV files with the csv module: (close_t + D_t) / close_{t-1} - 1."""
    import csv

    root = Path(__file__).resolve().parent.parent / "data" / "prices"
    cash: dict[tuple[str, str], float] = {}
    with open(root / "dividends.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            cash[(row["ticker"], row["ex_date"])] = float(row["amount_usd"])
    series = {}
    for t in tickers:
        with open(root / f"{t}.csv", newline="") as handle:
            rows = [(r["date"], float(r["close"])) for r in csv.DictReader(handle)]
        series[t] = pd.Series(
            [(c + cash.get((t, d), 0.0)) / rows[i - 1][1] - 1 for i, (d, c) in enumerate(rows) if i],
            index=pd.DatetimeIndex([d for d, _ in rows[1:]]),
        )
    return pd.DataFrame(series).dropna()


def independent(ticker: str, date: str, benchmark: str, est=(-120, -11), win=(-1, 1)) -> dict:
    """Market model by statsmodels OLS, CAR variance = L2 * s^2 + g' Cov(params) g (MacKinlay 1997)."""
    rets = hand_total_returns((ticker, benchmark))
    day0 = rets.index[rets.index >= pd.Timestamp(date)][0]
    p = rets.index.get_loc(day0)
    e, w = rets.iloc[p + est[0] : p + est[1] + 1], rets.iloc[p + win[0] : p + win[1] + 1]
    fit = sm.OLS(e[ticker], sm.add_constant(e[benchmark])).fit()
    pred = fit.predict(sm.add_constant(w[benchmark], has_constant="add"))
    ar = w[ticker] - pred
    g = np.array([len(w), w[benchmark].sum()])
    var = len(w) * fit.scale + g @ fit.cov_params().to_numpy() @ g
    t = ar.sum() / np.sqrt(var)
    return {
        "alpha": fit.params.iloc[0],
        "beta": fit.params.iloc[1],
        "sigma": np.sqrt(fit.scale),
        "car": ar.sum(),
        "t_stat": t,
        "p_value": 2 * stats.t.sf(abs(t), fit.df_resid),
        "ar": ar.to_numpy(),
        "day0": day0,
    }


def independent_events(events: list[tuple[str, str]], benchmark: str, est=(-120, -11), win=(-1, 1)) -> dict:
    """Per event by statsmodels OLS: estimation residuals, window ARs, CAR and SCAR (MacKinlay 1997 variance)."""
    out = {"est": [], "ar": [], "car": [], "scar": [], "dof": None}
    for ticker, date in events:
        rets = hand_total_returns((ticker, benchmark))
        p = rets.index.searchsorted(pd.Timestamp(date))
        e, w = rets.iloc[p + est[0] : p + est[1] + 1], rets.iloc[p + win[0] : p + win[1] + 1]
        fit = sm.OLS(e[ticker], sm.add_constant(e[benchmark])).fit()
        ar = w[ticker] - fit.predict(sm.add_constant(w[benchmark], has_constant="add"))
        g = np.array([len(w), w[benchmark].sum()])
        var = len(w) * fit.scale + g @ fit.cov_params().to_numpy() @ g
        out["est"].append(fit.resid.to_numpy())
        out["ar"].append(ar.to_numpy())
        out["car"].append(ar.sum())
        out["scar"].append(ar.sum() / np.sqrt(var))
        out["dof"] = int(fit.df_resid)
    return {k: np.array(v) if k != "dof" else v for k, v in out.items()}


# Non-default values for every notebook's parameters (names shared by several notebooks take one value for all).
RERUNS = {
    "anchor_date": "2024-01-02",
    "tickers": ["TSLA", "MSFT"],
    "benchmarks": ["QQQ"],
    "claim_usd_bn": 300.0,
    "projection_to": 2028,
    "projection_rates": {"low": "D023", "high": "D035"},
    "dojo_spend_usd_bn": 2.0,
    "dojo_years": 2.0,
    "gpu_count": 10000,
    "usd_per_gpu_installed": 30000,
    "gpu_life_years": 5,
    "fleet_vehicles": 6000000,
    "tb_per_vehicle_year": 0.2,
    "usd_per_tb_year": 200,
    "capex_2023_usd_bn": 9.0,
    "quarter": "2024Q2",
    "claimed_sales_usd_bn": 26.3,
    "claimed_yoy_growth": 0.19,
    "results_date": "2024-08-02",
    "benchmark": "QQQ",
    "event_date": "2023-09-11",
    "peers": ["GOOGL"],
    "alt_benchmark": "SPY",
    "model": "constant-mean",
    "estimation": [-100, -6],
    "window": [0, 1],
    "robust_dates": ["2023-09-08", "2023-09-11"],
    "robust_windows": [[0, 0], [0, 2]],
    "contrast_date": "2023-10-19",
    "plot_days": [-5, 5],
    "kinds": ["announcement", "company"],
    "start": "2024-01-01",
    "end": "2024-12-31",
    "drop": [],
    "windows": [[0, 0]],
    "plot_window": [-3, 3],
    "incumbents": ["MSFT"],
    "bhar_benchmarks": ["SPY"],
}
# Parameters left at their default in the rerun, and why.
NOT_RERUN = {"ticker": "the bundled events.csv has compute news of TSLA only"}


HOSTILE = '<script>document.title="PWNED"</script><img src=x onerror="document.title=\'PWNED\'">'
LINK = "[click me](javascript:document.title='PWNED')"  # a Markdown link that must never become a live one


def poison_text(data: Path) -> None:
    """Put a script payload into every free-text column of the data folder that reaches a page: claims, a fact used
    as evidence, events' text, timing and source, seed articles, price sources."""

    def poison(path, column, row_filter=lambda r: True, first=False, payload=HOSTILE):
        with open(path, newline="") as handle:
            rows = list(csv.DictReader(handle))
        for row in rows:
            if row_filter(row):
                row[column] = payload + " " + row[column] if first else row[column] + " " + payload
        with open(path, "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)

    poison(data / "claims.csv", "claim")
    poison(data / "facts" / "facts.csv", "value", lambda r: r["id"] == "E002")  # text evidence of a claim
    poison(data / "facts" / "events.csv", "event", first=True)  # first, so that page 04's short labels carry it
    for column in ("timing", "source"):
        poison(data / "facts" / "events.csv", column)
    for column in ("outlet", "title", "note"):
        poison(data / "facts" / "articles.csv", column)
    for column in ("primary_source", "price_basis", "provenance"):
        poison(data / "prices" / "sources.csv", column)
    linked = f"{HOSTILE} {LINK}"  # the market texts of page 01 carry a Markdown link as well
    poison(data / "market" / "estimates.csv", "scope", payload=linked)
    poison(data / "facts" / "facts.csv", "metric", lambda r: r["unit"] == "CNY per USD", payload=linked)


# --- headless Chromium for the browser tests ------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    "--virtual-time-budget=2000",
    "--dump-dom",
]

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"), reason="chromium is not installed (apt-get install chromium)"
)


def open_page(path, profile) -> tuple[str, list[str]]:
    """The page's DOM after its scripts ran, and the JavaScript errors Chromium logged for it."""
    command = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", path.as_uri()]
    if shutil.which("unshare"):
        probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
        if probe.returncode == 0:
            command = ["unshare", "-n", *command]  # no network at all, where the sandbox allows it
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    errors = [
        line
        for line in done.stderr.splitlines()
        if "CONSOLE" in line and "file://" in line and re.search(r"Uncaught|Error", line)
    ]
    return done.stdout, errors


class Browser:
    """Headless Chromium and one page, driven with the DevTools protocol (websocket-client)."""

    def __init__(self, profile: Path, width: int = 1400):
        self.proc = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", f"--user-data-dir={profile}", "--remote-debugging-port=0",
             f"--window-size={width},1000", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        port_file = profile / "DevToolsActivePort"
        for _ in range(300):
            if port_file.exists() and port_file.read_text().strip():
                break
            time.sleep(0.1)
        port = int(port_file.read_text().split()[0])
        pages = json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=30).read())
        url = next(p for p in pages if p["type"] == "page")["webSocketDebuggerUrl"]
        self.ws, self.n = websocket.create_connection(url, timeout=60), 0

    def call(self, method: str, **params) -> dict:
        self.n += 1
        self.ws.send(json.dumps({"id": self.n, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.n:
                return message.get("result", {})

    def js(self, expression: str):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True)["result"].get("value")

    def wait(self, expression: str, seconds: float = 120) -> None:
        end = time.time() + seconds
        while time.time() < end:
            if self.js(expression):
                return
            time.sleep(0.25)
        raise AssertionError(f"timed out waiting for {expression}")

    def close(self) -> None:
        self.ws.close()
        self.proc.kill()
