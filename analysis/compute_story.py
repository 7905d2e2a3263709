"""Notebook 04: Tesla's compute story 2023-2025 as a multi-event study, and its findings in computed sentences.

Everything the notebook shows comes from :func:`analyse`, which returns typed results; the sentence builders
below turn them into prose, so a rerun with other events, windows or benchmarks reads correctly.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis import caar, eventstudy, facts, fmt, performance, prices, timeline
from analysis.errors import UserError

LEVEL = 0.05


@dataclass
class Battery:
    """One multi-event study: which events, which window, its result."""

    name: str
    window: tuple[int, int]
    result: caar.Aggregate

    @property
    def rejecting(self) -> list[str]:
        """Tests that reject CAAR = 0 at 5%."""
        return [caar.TEST_NAMES[k] for k, t in self.result.tests.items() if t.computed and t.p_value < LEVEL]

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
            "price_return": [_growth(closes[n], first) for n in names],
            "total_return": [_growth(levels[n], first) for n in names],
        }
    )
    total_vs_price["difference"] = total_vs_price["total_return"] - total_vs_price["price_return"]
    return Story(
        ticker, benchmark, ms, per_event, batteries, paths, inc_battery, inc_rows, holding, benches, levels,
        total_vs_price,
    )  # fmt: skip


def _growth(series: pd.Series, start: pd.Timestamp) -> float:
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


def earnings_table(story: Story) -> tuple[str, list[str]]:
    """Figures of ``data/facts`` for each earnings-day milestone's quarter, and the quarters with none."""
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
    if not rows:
        return "", missing
    return fmt.md_table(pd.DataFrame(rows), links={"source": "url"}), missing


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


def _count(n: int, one: str, many: str) -> str:
    """'1 event shares' / '3 events share': a count with the right form of the words after it."""
    return f"{n} {one if n == 1 else many}"


def timeline_sentence(story: Story) -> str:
    """How many milestones, over what span, how many confounded and why."""
    ms = story.milestones
    n, conf = len(ms), int(ms["confounded"].sum())
    earn = int(ms["earnings"].map(lambda q: isinstance(q, str)).sum())
    unsure = int(ms["uncertain"].sum())
    moved = int((ms["day0"] != ms["date"]).sum())
    return (
        f"{_count(n, 'milestone', 'milestones')} of {story.ticker} from {ms['day0'].iloc[0].date()} to "
        f"{ms['day0'].iloc[-1].date()}. {_count(moved, 'reaches', 'reach')} prices on a later session than its news "
        f"date (after the close, or a weekend). {_count(conf, 'is', 'are')} confounded: "
        f"{_count(earn, 'falls', 'fall')} on {story.ticker}'s quarterly results and "
        f"{_count(conf - earn, 'shares', 'share')} its day 0 with other large {story.ticker} news; "
        f"{_count(n - conf, 'is', 'are')} clean. For {_count(unsure, 'milestone', 'milestones')} the hour of the news "
        "is not established: day 0 is the earlier candidate session, so a window from day 0 to +1 covers both."
    )


def _tests_phrase(b: Battery) -> str:
    rej, comp = b.rejecting, b.computed
    if not rej:
        return f"none of the {len(comp)} tests rejects CAAR = 0 at 5%"
    if len(rej) == len(comp):
        return f"all {len(comp)} tests reject CAAR = 0 at 5%"
    rest = len(comp) - len(rej)
    verb = "rejects" if len(rej) == 1 else "reject"
    return f"{len(rej)} of {len(comp)} tests {verb} CAAR = 0 at 5% ({', '.join(rej)}); the other {rest} do not"


def battery_sentences(story: Story) -> str:
    """What each event set and window shows, and why the tests may disagree."""
    lines = []
    for b in story.batteries:
        t = b.result.tests["cross_sectional_t"]
        stat = f"cross-sectional t = {t.statistic:+.2f}, p = {t.p_value:.3f}" if t.computed else t.note
        lines.append(
            f"- **{b.name}, days {b.window[0]:+d}..{b.window[1]:+d}** ({b.result.n_events} events): CAAR "
            f"{fmt.pct(b.result.caar, 2)} ({stat}); {_tests_phrase(b)}."
        )
    main = story.batteries[0].result.events
    car = main["car"].to_numpy()
    big = int(np.abs(car - car.mean()).argmax())
    z = (car[big] - car.mean()) / car.std(ddof=1)
    share = abs(car[big]) / np.abs(car).sum()
    daily = story.levels[story.ticker].pct_change().dropna()
    kurt = float(((daily - daily.mean()) ** 4).mean() / daily.var(ddof=0) ** 2 - 3)
    few = (
        f"with {len(car)} events the normal approximations behind the Patell, sign and rank tests are rough; "
        if len(car) < 30
        else ""
    )
    tails = "fat-tailed" if kurt > 1 else "close to normal in the tails"
    lines.append(
        f"\nWhy the tests can disagree: {few}{story.ticker}'s daily total returns over the data have an excess "
        f"kurtosis of {kurt:.1f} (0 for a normal distribution), so they are {tails}. The largest CAR in the first set, "
        f"{fmt.pct(car[big])} on {main['day0'].iloc[big]} ({fmt.md_text(main['label'].iloc[big])}), lies {abs(z):.1f} "
        "standard "
        f"deviations from the mean and carries {share:.0%} of the absolute CARs: the t tests weigh it in full, the "
        "rank, sign and Wilcoxon tests count it as one ranked or signed event."
    )
    return "\n".join(lines)


def incumbent_sentence(story: Story) -> str:
    """Cross-correlation on shared dates and what the Kolari-Pynnönen adjustment does to the BMP t."""
    b = story.incumbents
    if b is None:
        return "No incumbents were chosen."
    r = b.result
    bmp, kp = r.tests["bmp_t"], r.tests["kolari_pynnonen_t"]
    if not (bmp.computed and kp.computed):
        return f"Too few incumbent events for the BMP and Kolari–Pynnönen tests ({bmp.note or kp.note})."
    n_dates = r.events["day0"].nunique()
    factor = kp.statistic / bmp.statistic if bmp.statistic else float("nan")
    both = {
        (True, True): "Both reject CAAR = 0 at 5%.",
        (False, False): "Neither rejects CAAR = 0 at 5%.",
        (True, False): "The unadjusted test rejects CAAR = 0 at 5%; allowing for the correlation, it does not.",
        (False, True): "Only the adjusted test rejects CAAR = 0 at 5%.",
    }
    return (
        f"{r.n_events} incumbent events on {n_dates} Tesla dates, days {b.window[0]:+d}..{b.window[1]:+d}: CAAR "
        f"{fmt.pct(r.caar, 2)}. Events on the same day share market-wide news, so their abnormal returns move "
        f"together: the average pairwise correlation of the estimation-window abnormal returns is "
        f"{r.residual_correlation:+.3f} across all {r.n_events * (r.n_events - 1) // 2} pairs. The BMP t assumes "
        f"none and gives {bmp.statistic:+.2f} (p = {bmp.p_value:.3f}); the Kolari–Pynnönen adjustment multiplies it "
        f"by {factor:.2f}, to {kp.statistic:+.2f} (p = {kp.p_value:.3f}). "
        + both[(bmp.p_value < LEVEL, kp.p_value < LEVEL)]
    )


def holding_sentence(story: Story) -> str:
    """The long run on total returns: from the first milestone to the end, and period by period."""
    h, lv = story.holding, story.levels
    first = h["start"].iloc[0]
    parts = []
    for b in story.bhar_benchmarks:
        bhar = h[f"bhar_to_end_vs_{b}"].iloc[0]
        positive = int((h[f"bhar_vs_{b}"] > 0).sum())
        parts.append(
            f"{b} {fmt.pct(_growth(lv[b], first))} (BHAR {fmt.pct(bhar)}; {positive} of {len(h)} holding periods "
            "beat it)"
        )
    best = h.iloc[int(h[f"bhar_vs_{story.bhar_benchmarks[0]}"].abs().argmax())]
    return (
        f"From the close before the first milestone ({first.date()}) to the last close ({lv.index[-1].date()}), "
        f"{story.ticker} returned {fmt.pct(_growth(lv[story.ticker], first))} against " + "; ".join(parts) + ". "
        f"The largest BHAR of one holding period against {story.bhar_benchmarks[0]} is "
        f"{fmt.pct(best[f'bhar_vs_{story.bhar_benchmarks[0]}'])}, from {best['start'].date()} to {best['end'].date()}: "
        "returns between milestones are driven by everything that happened in those weeks, not by the milestone alone."
    )


def total_return_sentence(story: Story) -> str:
    """Where dividends change a result."""
    t = story.total_vs_price.set_index("ticker")
    paid = t[t["difference"] > 0]
    if paid.empty:
        return "None of these tickers paid a dividend in the period, so total and price returns agree."
    return (
        "Returns here are total returns (dividends reinvested on their ex-dates). That matters for the benchmarks: "
        + "; ".join(
            f"{n} {fmt.pct(r['price_return'])} as a price return, {fmt.pct(r['total_return'])} in total "
            f"({fmt.pp(r['difference'])})"
            for n, r in paid.iterrows()
        )
        + f", so every BHAR of {story.ticker} (which paid none) is that much lower than on price returns."
    )


def conclusion(story: Story) -> str:
    """What the evidence does and does not show, with the power of the test."""
    first = story.batteries[0]
    clean = next((b for b in story.batteries if b.name == "clean milestones" and b.window == first.window), None)
    use = clean or first
    mde = caar.detectable_caar(use.result.events["car"].to_numpy(), LEVEL, 0.8)
    significant = use.result.events[use.result.events["p_value"] < LEVEL]
    reacted = (
        "; ".join(f"{r.day0} {fmt.md_text(r.label)} ({fmt.pct(r.car)})" for r in significant.itertuples())
        if not significant.empty
        else "none"
    )
    majority = len(use.rejecting) > len(use.computed) / 2
    answer = (
        f"Yes, on average: across the {use.name} {story.ticker} moved by {fmt.pct(use.result.caar, 2)} over days "
        f"{use.window[0]:+d}..{use.window[1]:+d}, and {_tests_phrase(use)}."
        if majority
        else f"Not detectably, on average: across the {use.name} the CAAR over days {use.window[0]:+d}.."
        f"{use.window[1]:+d} is {fmt.pct(use.result.caar, 2)}, and {_tests_phrase(use)}."
    )
    lines = [
        f"- **Did the market price the compute build-out as news?** {answer}",
        f"- **Single milestones** that moved {story.ticker} significantly (per-event t, 5%): {reacted}.",
        f"- **Power.** With {use.result.n_events} events and the observed spread of their CARs, the smallest average "
        f"reaction the cross-sectional t test finds with 80% probability at 5% is about "
        + (f"{fmt.pct(mde, 1, signed=False)}" if mde is not None else "— (too few events)")
        + "; smaller average effects cannot be told from the noise of a stock this volatile.",
    ]
    if story.incumbents is not None and story.incumbents.result.tests["kolari_pynnonen_t"].computed:
        kp = story.incumbents.result.tests["kolari_pynnonen_t"]
        felt = "did" if kp.p_value < LEVEL else "did not detectably"
        lines.append(
            f"- **The incumbents** {felt} feel Tesla's milestones: CAAR {fmt.pct(story.incumbents.result.caar, 2)} "
            f"(Kolari–Pynnönen t = {kp.statistic:+.2f}, p = {kp.p_value:.3f})."
        )
    lines.append(
        "- **What it does not show**: an insignificant average is not proof of no effect (see the power line), and a "
        "significant one on confounded days could be the earnings or the other news. Dates and timing come from "
        "`data/facts/events.csv`; where the hour of a post is unknown, the window covers both candidate sessions only "
        "if it starts at day 0 or earlier and ends at +1 or later."
    )
    return "\n".join(lines)


def headline(story: Story) -> str:
    """One line for the report index."""
    b = story.batteries[0]
    t = b.result.tests["cross_sectional_t"]
    first, last = story.milestones["day0"].iloc[0].year, story.milestones["day0"].iloc[-1].year
    span = f"{first}–{last}" if last != first else f"{first}"
    return (
        f"Tesla's compute story: {b.result.n_events} {story.ticker} milestones {span}, CAAR over days "
        f"{b.window[0]:+d}..{b.window[1]:+d} {fmt.pct(b.result.caar, 2)} (cross-sectional p = {t.p_value:.2f}); "
        f"{len(b.rejecting)} of {len(b.computed)} tests reject at 5%."
    )
