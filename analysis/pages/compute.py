"""Page 04: Tesla's compute story 2023-2025 as a multi-event study: the milestones, TSLA's CAAR with the test
battery over all and over clean milestones, the incumbents on the same dates, and buy-and-hold abnormal returns
between milestones. :func:`analyse` returns the typed :class:`Story`; ``narrative.compute`` puts it in words and
``present.compute_tables`` in tables.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.data import facts, market_tables, prices
from analysis.market import timeline
from analysis.methods import battery, caar, performance
from analysis.methods.spec import Spec
from analysis.pages import checks


@dataclass
class Battery:
    """One multi-event study: which events, which window, its result."""

    name: str
    window: tuple[int, int]
    result: caar.Aggregate

    @property
    def rejecting(self) -> list[str]:
        """Tests that reject CAAR = 0 at ``case.LEVEL``."""
        return self.result.rejecting

    @property
    def computed(self) -> list[str]:
        """Tests that could be computed."""
        return self.result.computed


@dataclass
class Business:
    """What Tesla did with compute, from the data: its training capacity over time (``data/market/tesla_actuals``),
    the milestones that ended Dojo, and any Tesla fact about selling compute to others (none, if empty)."""

    compute: pd.DataFrame
    dojo: pd.DataFrame
    sales: pd.DataFrame


DOJO_END = r"Dojo.*\b(?:shut|disband)|\b(?:shut|disband)\w*\b.*Dojo"
SELLING = r"revenue from (?:compute|AI|cloud)|compute (?:sold|sales)|customer|cloud service"


def business(milestones: pd.DataFrame) -> Business:
    """:class:`Business` from the bundled facts and the milestones."""
    actuals = market_tables.tesla_actuals()
    tesla = facts.all_facts()
    tesla = tesla[tesla["area"] == "E"]
    return Business(
        compute=actuals[actuals["kind"] == "h100e"].sort_values("period").reset_index(drop=True),
        dojo=milestones[milestones["event"].str.contains(DOJO_END, case=False, regex=True)].reset_index(drop=True),
        sales=tesla[tesla["metric"].str.contains(SELLING, case=False, regex=True)].reset_index(drop=True),
    )


@dataclass
class Story:
    """All results of notebook 04; ``batteries`` holds, per window in order, the study of all milestones and (with
    two or more) of the clean ones."""

    ticker: str
    benchmark: str
    milestones: pd.DataFrame
    per_event: pd.DataFrame
    batteries: list[Battery]
    paths: dict[str, pd.DataFrame]
    incumbents: Battery | None
    incumbent_rows: pd.DataFrame
    holding: pd.DataFrame
    bhar_benchmarks: tuple[str, ...]
    levels: pd.DataFrame
    total_vs_price: pd.DataFrame
    business: Business
    volume: list[Battery]  # abnormal log volume over the same sets and windows as ``batteries``
    volume_paths: dict[str, pd.DataFrame]  # AAV and CAAV by event day over the plotted days

    @property
    def main(self) -> Battery:
        """All milestones over the first window."""
        return self.batteries[0]

    @property
    def main_clean(self) -> Battery | None:
        """The clean milestones over the first window, when there are two or more."""
        return next((b for b in self.batteries if b.name == "clean milestones" and b.window == self.main.window), None)

    def volume_of(self, battery: Battery) -> Battery:
        """The abnormal-volume study over the same events and window as a return battery."""
        return self.volume[self.batteries.index(battery)]

    def forest(self) -> pd.DataFrame:
        """Each milestone's CAR over the first window with its interval, p-values (raw, Holm, BH), and whether it is
        clean for that window, in date order."""
        t = self.main.result.table
        return pd.DataFrame(
            {
                "day0": self.milestones["day0"].to_numpy(),
                "label": self.milestones["label"].to_numpy(),
                "car": t["car"].to_numpy(),
                "ci_low": t["ci_low"].to_numpy(),
                "ci_high": t["ci_high"].to_numpy(),
                "p_value": t["p_value"].to_numpy(),
                "p_holm": t["p_holm"].to_numpy(),
                "p_bh": t["p_bh"].to_numpy(),
                "clean": ~self.milestones["confounded"].to_numpy(),
            }
        )


@dataclass(frozen=True)
class Outlier:
    """The event whose CAR lies farthest from the mean of its set: z in standard deviations, and its share of the
    sum of absolute CARs."""

    day0: str
    label: str
    car: float
    z: float
    share: float


def outlier(result: caar.Aggregate) -> Outlier:
    """The farthest event of a multi-event study."""
    car = result.table["car"].to_numpy()
    big = int(np.abs(car - car.mean()).argmax())
    event = result.events[big]
    z = (car[big] - car.mean()) / car.std(ddof=1)
    return Outlier(event.day0, event.label or "", float(car[big]), float(z), float(abs(car[big]) / np.abs(car).sum()))


def excess_kurtosis(levels: pd.Series) -> float:
    """Excess kurtosis of the daily returns of a level series (0 for a normal distribution)."""
    daily = levels.pct_change().dropna()
    return float(((daily - daily.mean()) ** 4).mean() / daily.var(ddof=0) ** 2 - 3)


def _events(ms: pd.DataFrame, ticker: str) -> pd.DataFrame:
    return pd.DataFrame({"ticker": ticker, "date": ms["day0"].dt.strftime("%Y-%m-%d"), "label": ms["label"]})


def _run(
    events: pd.DataFrame, benchmark: str, spec: Spec, overlap: bool, start: int | None = None, measure: str = "return"
) -> caar.Aggregate:
    return caar.run(
        events.reset_index(drop=True), benchmark, spec, allow_overlap=overlap, cumulate_from=start, measure=measure
    )


def analyse(
    ticker: str,
    kinds: list[str],
    start: str,
    end: str,
    drop: list[str],
    benchmark: str,
    estimation: list[int],
    windows: list[list[int]],
    plot_window: list[int],
    incumbents: list[str],
    bhar_benchmarks: list[str],
) -> Story:
    """Run every study of the notebook on the bundled data. The first window is the main one (the forest plot, the
    CAAR chart, the incumbents); a milestone is clean for a window when no earnings, confounder or other milestone
    falls inside it (``timeline.milestones``), so each window has its own clean set, none of whose windows overlap."""
    checks.compute(ticker, kinds, start, end, drop, benchmark, estimation, windows, plot_window, incumbents,
                   bhar_benchmarks)  # fmt: skip
    main = tuple(windows[0])
    listing = {tuple(w): timeline.milestones(tuple(kinds), ticker, start, end, tuple(drop), window=tuple(w))
               for w in windows}  # fmt: skip
    ms = listing[main]
    batteries, per_event = [], ms[["day0", "label"]].copy()
    for w in listing:
        flags = listing[w]["confounded"].to_numpy()
        spec = Spec("market", tuple(estimation), w)
        everything = _run(_events(ms, ticker), benchmark, spec, overlap=True)
        batteries.append(Battery("all milestones", w, everything))
        per_event[f"car_{w[0]}_{w[1]}"] = everything.table["car"].to_numpy()
        per_event[f"p_{w[0]}_{w[1]}"] = everything.table["p_value"].to_numpy()
        per_event[f"clean_{w[0]}_{w[1]}"] = ~flags
        if (~flags).sum() >= 2:
            clean = _run(_events(ms[~flags], ticker), benchmark, spec, overlap=False)
            batteries.append(Battery("clean milestones", w, clean))
    per_event["confounded"] = ms["confounded"].to_numpy()
    volume = []
    for b in batteries:
        chosen = ms if b.name == "all milestones" else ms[~listing[b.window]["confounded"].to_numpy()]
        spec = Spec("market", tuple(estimation), b.window)
        volume.append(Battery(b.name, b.window, _run(_events(chosen, ticker), benchmark, spec, True, None, "volume")))
    wide = Spec("market", tuple(estimation), tuple(plot_window))
    paths = {"all milestones": _run(_events(ms, ticker), benchmark, wide, True, main[0]).daily}
    if (~ms["confounded"]).sum() >= 2:
        paths["clean milestones"] = _run(_events(ms[~ms["confounded"]], ticker), benchmark, wide, True, main[0]).daily
    volume_paths = {
        name: _run(_events(rows, ticker), benchmark, wide, True, main[0], "volume").daily
        for name, rows in (("all milestones", ms), ("clean milestones", ms[~ms["confounded"]]))
        if len(rows) >= 2
    }
    inc_battery, inc_rows = None, pd.DataFrame()
    if incumbents:
        names = [prices.check_ticker(t) for t in incumbents]
        dates = ms["day0"].dt.strftime("%Y-%m-%d")
        events = pd.DataFrame([(t, d) for d in dates for t in names], columns=["ticker", "date"])
        spec = Spec("market", tuple(estimation), main)
        result = _run(events, benchmark, spec, overlap=True)
        inc_battery = Battery("incumbents", main, result)
        inc_rows = _by_ticker(result, names, benchmark, spec, dates)
    benches = tuple(dict.fromkeys(prices.check_ticker(b) for b in bhar_benchmarks))
    names = list(dict.fromkeys([ticker, *benches]))
    levels = prices.total_return_index(names)
    holding = performance.between_milestones(levels, list(ms["day0"]), ticker, benches)
    closes = prices.panel(names)
    first = ms["day0"].iloc[0]
    total_vs_price = pd.DataFrame(
        {
            "ticker": names,
            "price_return": [growth(closes[n], first) for n in names],
            "total_return": [growth(levels[n], first) for n in names],
        }
    )
    total_vs_price["difference"] = total_vs_price["total_return"] - total_vs_price["price_return"]
    return Story(
        ticker, benchmark, ms, per_event, batteries, paths, inc_battery, inc_rows, holding, benches, levels,
        total_vs_price, business(ms), volume, volume_paths,
    )  # fmt: skip


def growth(series: pd.Series, start: pd.Timestamp) -> float:
    """Return from the close before ``start`` to the last close."""
    p = series.index.get_loc(start)
    return float(series.iloc[-1] / series.iloc[p - 1] - 1)


def _by_ticker(result: caar.Aggregate, names, benchmark, spec, dates) -> pd.DataFrame:
    """Per incumbent: its CAAR over the Tesla dates and the BMP t of its own events."""
    rows = []
    for name in names:
        mine = result.table[result.table["ticker"] == name]
        bmp = battery.bmp_t(mine["scar"].to_numpy())
        rows.append(
            {
                "ticker": name,
                "events": len(mine),
                "caar": float(mine["car"].mean()),
                "positive": int((mine["car"] > 0).sum()),
                "bmp_t": bmp.statistic,
                "p_value": bmp.p_value,
            }
        )
    return pd.DataFrame(rows)
