"""Notebook 04: Tesla's compute story 2023-2025 as a multi-event study, and its findings in computed sentences.

Everything the notebook shows comes from :func:`analyse`, which returns typed results; the sentence builders
below turn them into prose, so a rerun with other events, windows or benchmarks reads correctly.
"""

from dataclasses import dataclass

import pandas as pd

from analysis import case
from analysis.data import facts, prices
from analysis.data.errors import UserError
from analysis.market import timeline
from analysis.methods import caar, eventstudy, performance
from analysis.present import fmt


@dataclass
class Battery:
    """One multi-event study: which events, which window, its result."""

    name: str
    window: tuple[int, int]
    result: caar.Aggregate

    @property
    def rejecting(self) -> list[str]:
        """Tests that reject CAAR = 0 at ``case.LEVEL``."""
        return [caar.TEST_NAMES[k] for k, t in self.result.tests.items() if t.computed and t.p_value < case.LEVEL]

    @property
    def computed(self) -> list[str]:
        """Tests that could be computed."""
        return [caar.TEST_NAMES[k] for k, t in self.result.tests.items() if t.computed]


@dataclass
class Story:
    """All results of notebook 04."""

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


def _events(ms: pd.DataFrame, ticker: str) -> pd.DataFrame:
    return pd.DataFrame({"ticker": ticker, "date": ms["day0"].dt.strftime("%Y-%m-%d"), "label": ms["label"]})


def _run(events: pd.DataFrame, benchmark: str, spec: eventstudy.Spec) -> caar.Aggregate:
    return caar.run(events.reset_index(drop=True), benchmark, spec)


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
    """Run every study of the notebook on the bundled data."""
    if not windows:
        raise UserError("give at least one event window, e.g. windows = [[0, 1], [-1, 1]]")
    ticker, benchmark = prices.check_ticker(ticker), prices.check_ticker(benchmark)
    ms = timeline.milestones(tuple(kinds), ticker, start, end, tuple(drop))
    clean = ms[~ms["confounded"]]
    batteries, per_event = [], ms[["day0", "label"]].copy()
    for w in windows:
        spec = eventstudy.Spec("market", tuple(estimation), tuple(w))
        everything = _run(_events(ms, ticker), benchmark, spec)
        batteries.append(Battery("all milestones", tuple(w), everything))
        per_event[f"car_{w[0]}_{w[1]}"] = everything.events["car"].to_numpy()
        per_event[f"p_{w[0]}_{w[1]}"] = everything.events["p_value"].to_numpy()
        if len(clean) >= 2:
            batteries.append(Battery("clean milestones", tuple(w), _run(_events(clean, ticker), benchmark, spec)))
    per_event["confounded"] = ms["confounded"].to_numpy()
    wide = eventstudy.Spec("market", tuple(estimation), tuple(plot_window))
    paths = {"all milestones": _run(_events(ms, ticker), benchmark, wide).daily}
    if len(clean) >= 2:
        paths["clean milestones"] = _run(_events(clean, ticker), benchmark, wide).daily
    inc_battery, inc_rows = None, pd.DataFrame()
    if incumbents:
        names = [prices.check_ticker(t) for t in incumbents]
        dates = ms["day0"].dt.strftime("%Y-%m-%d")
        events = pd.DataFrame([(t, d) for d in dates for t in names], columns=["ticker", "date"])
        spec = eventstudy.Spec("market", tuple(estimation), tuple(windows[0]))
        result = _run(events, benchmark, spec)
        inc_battery = Battery("incumbents", tuple(windows[0]), result)
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
        total_vs_price,
    )  # fmt: skip


def growth(series: pd.Series, start: pd.Timestamp) -> float:
    """Return from the close before ``start`` to the last close."""
    p = series.index.get_loc(start)
    return float(series.iloc[-1] / series.iloc[p - 1] - 1)


def _by_ticker(result: caar.Aggregate, names, benchmark, spec, dates) -> pd.DataFrame:
    """Per incumbent: its CAAR over the Tesla dates and the BMP t of its own events."""
    rows = []
    for name in names:
        mine = result.events[result.events["ticker"] == name]
        bmp = caar.bmp_t(mine["scar"].to_numpy())
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


# ---- tables for people ------------------------------------------------------------------------------------------


def milestone_table(story: Story) -> str:
    """The numbered milestones: news date, effective day 0 and the timing rule, the event linked to its source."""
    ms = story.milestones
    frame = pd.DataFrame(
        {
            "#": range(1, len(ms) + 1),
            "news date": ms["date"].dt.strftime("%Y-%m-%d"),
            "day 0": ms["day0"].dt.strftime("%Y-%m-%d"),
            "timing rule": ms["timing_rule"],
            "kind": ms["kind"],
            "event (links to source)": ms["label"],
            "url": ms["url"],
            "confounded by": [c if c else "—" for c in ms["confounders"]],
        }
    )
    return fmt.md_table(frame, links={"event (links to source)": "url"})


def earnings_table(story: Story) -> str:
    """Figures of ``data/facts`` for each earnings-day milestone's quarter, and a line naming the quarters with
    none."""
    quarters = [q for q in story.milestones["earnings"] if isinstance(q, str)]
    table = facts.all_facts()
    rows, missing = [], []
    for q in quarters:
        found = timeline.earnings_figures(q, table)
        if found.empty:
            missing.append(q)
        for r in found.itertuples():
            rows.append({"quarter": q, "figure": r.metric, "value": f"{r.value} {r.unit}", "source": "source",
                         "url": timeline.first_url(r.source)})  # fmt: skip
    shown = (
        fmt.md_table(pd.DataFrame(rows), links={"source": "url"})
        if rows
        else "No figures in `data/facts` for these quarters."
    )
    return shown + (f"\n\nNo figures in `data/facts` for {', '.join(missing)}." if missing else "")


def incumbent_table(story: Story) -> str:
    """Per incumbent, the CAAR and BMP test over the first window on the subject's milestone dates."""
    rows = story.incumbent_rows
    if rows.empty:
        return "No incumbents chosen."
    return fmt.md_table(
        rows.assign(
            caar=[fmt.pct(v, 2) for v in rows["caar"]],
            bmp_t=[f"{v:+.2f}" for v in rows["bmp_t"]],
            p_value=[f"{v:.3f}" for v in rows["p_value"]],
        ).rename(columns={"positive": "CAR > 0", "caar": "CAAR", "bmp_t": "BMP t", "p_value": "p"})
    )


def per_event_table(story: Story) -> str:
    """Per milestone, the CAR and p-value of each window."""
    frame = pd.DataFrame({"#": range(1, len(story.per_event) + 1)})
    frame["day 0"] = story.per_event["day0"].dt.strftime("%Y-%m-%d")
    frame["event"] = story.per_event["label"]
    frame["clean"] = ["no" if c else "yes" for c in story.per_event["confounded"]]
    for b in story.batteries:
        if b.name != "all milestones":
            continue
        a, z = b.window
        frame[f"CAR {a:+d}..{z:+d}"] = [fmt.pct(v) for v in story.per_event[f"car_{a}_{z}"]]
        frame[f"p {a:+d}..{z:+d}"] = [f"{v:.3f}" for v in story.per_event[f"p_{a}_{z}"]]
    return fmt.md_table(frame)


def battery_table(batteries: list[Battery]) -> str:
    """Each test's statistic and p-value (or why it is missing), one column per event set and window."""
    frame = pd.DataFrame({"test": ["CAAR", *caar.TEST_NAMES.values()]})
    for b in batteries:
        head = f"{b.name}, {b.window[0]:+d}..{b.window[1]:+d} (N = {b.result.n_events})"
        frame[head] = [fmt.pct(b.result.caar, 2)] + [_cell(k, t) for k, t in b.result.tests.items()]
    return fmt.md_table(frame)


def _cell(key: str, t: caar.TestResult) -> str:
    """A test's statistic and p-value for a table (the Wilcoxon rank sum without a sign), or why it is missing."""
    if not t.computed:
        return f"— ({t.note})"
    stat = f"{t.statistic:.0f}" if key == "wilcoxon" else f"{t.statistic:+.2f}"
    return f"{stat} (p = {t.p_value:.3f}{'; ' + t.note if t.note else ''})"


def holding_table(story: Story) -> str:
    """Holding periods between milestones with their returns and BHARs."""
    h = story.holding
    frame = pd.DataFrame(
        {
            "from day 0": h["start"].dt.strftime("%Y-%m-%d"),
            "to": h["end"].dt.strftime("%Y-%m-%d"),
            "sessions": h["sessions"],
            f"{story.ticker} return": [fmt.pct(v) for v in h["return"]],
        }
    )
    for b in story.bhar_benchmarks:
        frame[f"BHAR vs {b}"] = [fmt.pct(v) for v in h[f"bhar_vs_{b}"]]
    for b in story.bhar_benchmarks:
        frame[f"BHAR to end vs {b}"] = [fmt.pct(v) for v in h[f"bhar_to_end_vs_{b}"]]
    return fmt.md_table(frame)


# ---- sentences --------------------------------------------------------------------------------------------------
