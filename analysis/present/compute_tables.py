"""Page 04's tables for people: the milestones, the earnings figures on milestone days, per-event CARs, the test
battery side by side, the incumbents and the holding periods between milestones."""

import pandas as pd

from analysis import fmt
from analysis.data import facts
from analysis.market import timeline
from analysis.methods import battery
from analysis.pages.compute import Battery, Story


def milestone_table(story: Story) -> str:
    """The numbered milestones: news date, effective day 0 and the timing rule, the event linked to its source."""
    ms = story.milestones
    frame = pd.DataFrame(
        {
            "#": ms["number"],
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
            value = f"{fmt.count(r.value)} {r.unit}"
            rows.append({"quarter": q, "figure": r.metric, "value": value, "source": "source",
                         "url": facts.first_url(r.source)})  # fmt: skip
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
    """Per milestone, the CAR and p-value of each window and whether it is clean there; for the first window also
    the interval and the p-values adjusted for testing every milestone (Holm, Benjamini-Hochberg)."""
    forest = story.forest()
    frame = pd.DataFrame({"#": story.milestones["number"].to_numpy()})
    frame["day 0"] = story.per_event["day0"].dt.strftime("%Y-%m-%d")
    frame["event"] = story.per_event["label"]
    for b in story.batteries:
        if b.name != "all milestones":
            continue
        a, z = b.window
        frame[f"CAR {a:+d}..{z:+d}"] = [fmt.pct(v) for v in story.per_event[f"car_{a}_{z}"]]
        if b is story.main:
            bounds = zip(forest["ci_low"], forest["ci_high"], strict=True)
            frame["interval"] = [f"{fmt.pct(lo)} to {fmt.pct(hi)}" for lo, hi in bounds]
        frame[f"p {a:+d}..{z:+d}"] = [f"{v:.3f}" for v in story.per_event[f"p_{a}_{z}"]]
        if b is story.main:
            frame["p Holm"] = [f"{v:.3f}" for v in forest["p_holm"]]
            frame["p BH"] = [f"{v:.3f}" for v in forest["p_bh"]]
        frame[f"clean {a:+d}..{z:+d}"] = ["yes" if c else "no" for c in story.per_event[f"clean_{a}_{z}"]]
    return fmt.md_table(frame)


def aar_table(story: Story) -> str:
    """The average abnormal return by event day over the first window, for all and for the clean milestones: AAR,
    how many events were positive that day, and the CAAR from the window's start."""
    sets = [b for b in (story.main, story.main_clean) if b is not None]
    frame = pd.DataFrame({"day": [f"{r:+d}" for r in sets[0].result.daily["rel_day"]]})
    for b in sets:
        d, n = b.result.daily, b.result.n_events
        frame[f"AAR, {b.name}"] = [fmt.pct(v, 2) for v in d["aar"]]
        frame[f"positive (of {n}), {b.name}"] = [str(int(v)) for v in d["positive"]]
        frame[f"CAAR, {b.name}"] = [fmt.pct(v, 2) for v in d["caar"]]
    return fmt.md_table(frame)


def battery_table(batteries: list[Battery]) -> str:
    """Each test's statistic and p-value (or why it is missing), one column per event set and window."""
    frame = pd.DataFrame({"test": ["CAAR", *(d.name for d in battery.REGISTRY.values())]})
    for b in batteries:
        head = f"{b.name}, {b.window[0]:+d}..{b.window[1]:+d} (N = {b.result.n_events})"
        frame[head] = [fmt.pct(b.result.caar, 2)] + [t.cell() for t in b.result.tests.values()]
    return fmt.md_table(frame)


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


def attention_table(story: Story) -> str:
    """Did the milestones draw attention or move TSLA in either direction? For each event set and window of the
    return battery: the abnormal log volume (CAAV with its interval and the seven tests on volume) and Beaver's
    volatility tests on the same events' standardized abnormal returns."""
    tests = [f"volume: {d.name}" for d in battery.REGISTRY.values()]
    volatility = ["volatility: chi-squared (dof)", "volatility: variance-ratio t", "mean variance ratio (1 = normal)"]
    names = ["CAAV (log points)", "CAAV 95% interval", *tests, *volatility]
    frame = pd.DataFrame({"": names})
    for b in story.batteries:
        v = story.volume_of(b).result
        vol = b.result.volatility
        ci = f"{v.caar_ci[0]:+.3f} to {v.caar_ci[1]:+.3f}" if v.caar_ci else "—"
        ratio = f"{vol.vr_t:+.2f} (p {fmt.p_value(vol.vr_p)})" if vol.vr_t is not None else f"— ({vol.reason})"
        frame[f"{b.name}, {b.window[0]:+d}..{b.window[1]:+d} (N = {v.n_events})"] = [
            f"{v.caar:+.3f}", ci, *(t.cell() for t in v.tests.values()),
            f"{vol.chi2:.1f} ({vol.chi2_dof}); p {fmt.p_value(vol.chi2_p)}", ratio, f"{vol.mean_vr:.2f}",
        ]  # fmt: skip
    return fmt.md_table(frame)
