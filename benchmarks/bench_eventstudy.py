"""Benchmark: the vectorised event-study engine against a per-pair statsmodels loop.

SYNTHETIC data: 500 tickers x 50 events (25,000 pairs) of random factor-model returns. The statsmodels loop fits
one OLS per pair and computes the CAR and its variance the same way; it is timed on a sample of pairs and scaled
(``--loop-pairs``, default 2,000) so the run stays short. Results of both are compared on that sample.

Run: .venv/bin/python benchmarks/bench_eventstudy.py [--tickers 500] [--events 50] [--loop-pairs 2000]
"""

import argparse
import time

import numpy as np
import pandas as pd
import statsmodels.api as sm

from analysis import eventstudy
from analysis.data import sessions


def synthetic(n_tickers: int, n_days: int, seed: int = 7) -> pd.DataFrame:
    """SYNTHETIC returns: one market column and n_tickers stocks with random betas."""
    rng = np.random.default_rng(seed)
    days = sessions.sessions(pd.Timestamp("2010-01-04"), pd.Timestamp("2025-12-31"))[:n_days]
    market = rng.normal(0.0004, 0.01, n_days)
    betas = rng.uniform(0.5, 2.0, n_tickers)
    stocks = market[:, None] * betas[None, :] + rng.normal(0, 0.02, (n_days, n_tickers))
    frame = pd.DataFrame(stocks, index=days, columns=[f"S{i:03d}" for i in range(n_tickers)])
    frame["MKT"] = market
    return frame


def loop_one(rets: pd.DataFrame, ticker: str, p: int, spec: eventstudy.Spec) -> tuple[float, float]:
    """CAR and t statistic of one pair with statsmodels OLS."""
    e = rets.iloc[p + spec.estimation[0] : p + spec.estimation[1] + 1]
    w = rets.iloc[p + spec.window[0] : p + spec.window[1] + 1]
    fit = sm.OLS(e[ticker].to_numpy(), sm.add_constant(e["MKT"].to_numpy())).fit()
    ar = w[ticker].to_numpy() - fit.predict(sm.add_constant(w["MKT"].to_numpy(), has_constant="add"))
    g = np.array([len(w), w["MKT"].sum()])
    var = len(w) * fit.scale + g @ fit.cov_params() @ g
    return ar.sum(), ar.sum() / np.sqrt(var)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickers", type=int, default=500)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--loop-pairs", type=int, default=2000)
    args = parser.parse_args()

    rets = synthetic(args.tickers, 1500)
    rng = np.random.default_rng(1)
    positions = rng.integers(150, len(rets) - 20, args.events)
    tickers = [c for c in rets.columns if c != "MKT"]
    events = pd.DataFrame([(t, rets.index[p]) for p in positions for t in tickers], columns=["ticker", "date"])
    spec = eventstudy.Spec()

    start = time.perf_counter()
    result = eventstudy.study(rets, events, "MKT", spec)
    engine = time.perf_counter() - start

    sample = rng.choice(len(events), size=min(args.loop_pairs, len(events)), replace=False)
    pos = {d: rets.index.get_loc(d) for d in events["date"].unique()}
    start = time.perf_counter()
    looped = [loop_one(rets, events["ticker"].iloc[i], pos[events["date"].iloc[i]], spec) for i in sample]
    loop = (time.perf_counter() - start) / len(sample) * len(events)

    car, t = np.array(looped).T
    diff = max(
        np.abs(result.table["car"].to_numpy()[sample] - car).max(),
        np.abs(result.table["t_stat"].to_numpy()[sample] - t).max(),
    )
    print(f"pairs: {len(events):,} ({args.tickers} tickers x {args.events} events)")
    print(f"vectorised engine: {engine:.2f} s")
    print(f"statsmodels loop: {loop:.1f} s (timed on {len(sample):,} pairs, scaled)")
    print(f"speed-up: {loop / engine:.0f}x; largest difference in CAR or t on the sample: {diff:.1e}")


if __name__ == "__main__":
    main()
