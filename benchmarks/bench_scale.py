"""Benchmark: the event-study engine at market scale against a plain per-event-date numpy kernel.

SYNTHETIC returns: TICKERS stocks with random betas on one market factor, 1,500 business days, EVENT_DATES random
event dates, every stock an event on every date (TICKERS x EVENT_DATES pairs; 2,500 x 500 = 1.25M by default);
market model, estimation -120..-11, window -1..+1, no volume. Each side runs in its own process, which reports
seconds and extra peak memory; a third process checks the two agree pair by pair. The engine's time is its
``study()`` call (CAR, its standard error and t of every pair, and the per-day arrays); the per-pair table of labels,
p-values and intervals is built on first use, after the clock, but inside the memory measured.

``--measure volume``: the same on SYNTHETIC log volume, ln(volume + 0.000255) of lognormal volumes whose log follows
the market's log volume (the abnormal-volume study of ``caar --measure volume``).

Run: .venv/bin/python benchmarks/bench_scale.py [TICKERS EVENT_DATES] [--measure volume]
"""

import resource
import subprocess
import sys
import time

import numpy as np
import pandas as pd

E0, E1, W0, W1 = -120, -11, -1, 1


def data(n_tickers: int, n_dates: int, measure: str = "return"):
    """SYNTHETIC returns (or log volumes) (days x tickers), the market's, and event-date positions."""
    rng = np.random.default_rng(7)
    n_days = 1500
    if measure == "volume":
        market = 18 + rng.normal(0, 0.25, n_days)
        raw = np.exp(14 + 0.8 * (market[:, None] - 18) + rng.normal(0, 0.4, (n_days, n_tickers)))
        stocks, market = np.log(raw + 0.000255), np.log(np.exp(market) + 0.000255)
    else:
        market = rng.normal(0.0004, 0.01, n_days)
        stocks = market[:, None] * rng.uniform(0.5, 2.0, n_tickers)[None, :] + rng.normal(0, 0.02, (n_days, n_tickers))
    pos = np.sort(rng.choice(np.arange(150, n_days - 20), n_dates, replace=False))
    return stocks, market, pos


def floor(stocks, market, pos):
    """Per event date: OLS by column sums, CAR and t with the estimation-error term. The speed floor."""
    l1, l2 = E1 - E0 + 1, W1 - W0 + 1
    cars, ts = [], []
    for p in pos:
        r, m = stocks[p + E0 : p + E1 + 1], market[p + E0 : p + E1 + 1]
        dm = m - m.mean()
        sxx = dm @ dm
        beta = dm @ (r - r.mean(0)) / sxx
        alpha = r.mean(0) - beta * m.mean()
        resid = r - alpha - np.outer(m, beta)
        s2 = (resid * resid).sum(0) / (l1 - 2)
        mw = market[p + W0 : p + W1 + 1]
        car = stocks[p + W0 : p + W1 + 1].sum(0) - l2 * alpha - beta * mw.sum()
        var = s2 * (l2 + l2 * l2 / l1 + (mw.sum() - l2 * m.mean()) ** 2 / sxx)
        cars.append(car)
        ts.append(car / np.sqrt(var))
    return np.concatenate(cars), np.concatenate(ts)


def engine(stocks, market, pos):
    """The project's engine on the same data (the events frame is built before the clock starts)."""
    from analysis import eventstudy

    days = pd.bdate_range("2015-01-05", periods=len(market))
    names = [f"S{i:04d}" for i in range(stocks.shape[1])]
    frame = pd.DataFrame(stocks, index=days, columns=names)
    frame["MKT"] = market
    events = pd.DataFrame({"ticker": np.tile(names, len(pos)), "date": np.repeat(days[pos], len(names))})
    spec = eventstudy.Spec(estimation=(E0, E1), window=(W0, W1))
    start = time.perf_counter()
    result = eventstudy.study(frame, events, "MKT", spec)
    sec = time.perf_counter() - start
    table = result.table  # built on first use: counted in the memory, not in the time
    return sec, table["car"].to_numpy(), table["t_stat"].to_numpy()


def child(which: str, n_tickers: int, n_dates: int, measure: str) -> None:
    stocks, market, pos = data(n_tickers, n_dates, measure)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if which == "floor":
        start = time.perf_counter()
        car, t = floor(stocks, market, pos)
        sec = time.perf_counter() - start
    elif which == "engine":
        sec, car, t = engine(stocks, market, pos)
    else:  # compare
        car0, t0 = floor(stocks, market, pos)
        _, car, t = engine(stocks, market, pos)
        print(f"{np.abs(car - car0).max():.2e} {np.abs(t - t0).max():.2e}")
        return
    print(f"{sec:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - base:.0f}")


def main() -> None:
    args = sys.argv[1:]
    measure = "volume" if "--measure" in args and args[args.index("--measure") + 1] == "volume" else "return"
    args = [a for a in args if a not in ("--measure", "volume", "return")]
    if args and args[0] in ("floor", "engine", "compare"):
        child(args[0], int(args[1]), int(args[2]), measure)
        return
    n_tickers, n_dates = (int(args[0]), int(args[1])) if len(args) > 1 else (2500, 500)

    def run(which):
        out = subprocess.run(
            [sys.executable, __file__, which, str(n_tickers), str(n_dates), "--measure", measure],
            capture_output=True, text=True, check=True,
        ).stdout.split()  # fmt: skip
        return [float(x) for x in out]

    floors = [run("floor") for _ in range(3)]
    engines = [run("engine") for _ in range(3)]
    diff_car, diff_t = run("compare")
    f_sec, e_sec = min(f[0] for f in floors), min(e[0] for e in engines)
    print(f"{measure}: {n_tickers} tickers x {n_dates} dates = {n_tickers * n_dates:,} pairs (best of 3)")
    print(f"floor  {f_sec:.2f} s, extra peak memory {max(f[1] for f in floors):.0f} MiB")
    print(f"engine {e_sec:.2f} s, extra peak memory {max(e[1] for e in engines):.0f} MiB (the events frame included)")
    print(f"ratio  {e_sec / f_sec:.2f}x the floor; largest difference: CAR {diff_car:.1e}, t {diff_t:.1e}")


if __name__ == "__main__":
    main()
