"""Page 04 in words: the milestones, the test battery, the incumbents, holding periods, the conclusion."""


import numpy as np

from analysis import case, fmt
from analysis.pages.compute import Battery, Story, excess_kurtosis, growth, outlier
from analysis.present import compute_tables


def _count(n: int, one: str, many: str) -> str:
    """'1 event shares' / '3 events share': a count with the right form of the words after it."""
    return f"{n} {one if n == 1 else many}"


def timeline_sentence(story: Story) -> str:
    """How many milestones, over what span, how many are clean for the main window and why the others are not."""
    ms = story.milestones
    n, conf = len(ms), int(ms["confounded"].sum())
    own = ms["earnings"].map(lambda q: isinstance(q, str))
    earn = int(own.sum())
    shared = int(ms["confounders"].str.contains("window shares days").sum())
    other = sum(
        any(not (part.startswith("window shares days") or (o and i == 0)) for i, part in enumerate(c.split("; ")))
        for c, o in zip(ms["confounders"], own, strict=True)
        if c
    )
    unsure = int(ms["uncertain"].sum())
    moved = int((ms["day0"] != ms["date"]).sum())
    w = story.main.window
    return (
        f"{_count(n, 'milestone', 'milestones')} of {story.ticker} from {ms['day0'].iloc[0].date()} to "
        f"{ms['day0'].iloc[-1].date()}. {_count(moved, 'reaches', 'reach')} prices on a later session than its news "
        f"date (after the close, or a weekend). Over the event window {w[0]:+d}..{w[1]:+d}, "
        f"{_count(conf, 'is', 'are')} confounded (some for several reasons): {_count(earn, 'falls', 'fall')} on "
        f"{story.ticker}'s quarterly results, {_count(shared, 'shares', 'share')} window days with another milestone "
        f"(the tests assume independent events), {_count(other, 'holds', 'hold')} other large {story.ticker} news or "
        f"results inside the window; {_count(n - conf, 'is', 'are')} clean. For "
        f"{_count(unsure, 'milestone', 'milestones')} the hour of the news is not established: day 0 is the earlier "
        "candidate session, so a window from day 0 to +1 covers both."
    )


def _tests_phrase(b: Battery) -> str:
    rej, comp = b.rejecting, b.computed
    if not rej:
        return f"none of the {len(comp)} tests rejects CAAR = 0 at {case.LEVEL:.0%}"
    if len(rej) == len(comp):
        return f"all {len(comp)} tests reject CAAR = 0 at {case.LEVEL:.0%}"
    rest = len(comp) - len(rej)
    verb = "rejects" if len(rej) == 1 else "reject"
    level = f"{case.LEVEL:.0%}"
    return f"{len(rej)} of {len(comp)} tests {verb} CAAR = 0 at {level} ({', '.join(rej)}); the other {rest} do not"


def battery_sentences(story: Story) -> str:
    """What each event set and window shows, and why the tests may disagree."""
    lines = []
    for b in story.batteries:
        t = b.result.tests["cross_sectional_t"]
        stat = f"cross-sectional t = {t.statistic:+.2f}, p = {t.p_value:.3f}" if t.computed else t.note
        r = b.result
        shared = _count(r.overlapping_pairs, "pair shares", "pairs share")
        pairs = f"; {shared} window days" if r.overlapping_pairs else ""
        ci = f", interval {fmt.pct(r.caar_ci[0], 2)} to {fmt.pct(r.caar_ci[1], 2)}" if r.caar_ci else ""
        lines.append(
            f"- **{b.name}, days {b.window[0]:+d}..{b.window[1]:+d}** ({r.n_events} events{pairs}): CAAR "
            f"{fmt.pct(r.caar, 2)}{ci} ({stat}); {_tests_phrase(b)}."
        )
    first = story.batteries[0].result
    far = outlier(first)
    kurt = excess_kurtosis(story.levels[story.ticker])
    few = (
        f"with {first.n_events} events the normal approximations behind the Patell, sign and rank tests are rough; "
        if first.n_events < 30
        else ""
    )
    tails = "fat-tailed" if kurt > 1 else "close to normal in the tails"
    lines.append(
        f"\nWhy the tests can disagree: {few}{story.ticker}'s daily total returns over the data have an excess "
        f"kurtosis of {kurt:.1f} (0 for a normal distribution), so they are {tails}. The largest CAR in the first set, "
        f"{fmt.pct(far.car)} on {far.day0} ({fmt.md_text(far.label)}), lies {abs(far.z):.1f} "
        "standard "
        f"deviations from the mean and carries {far.share:.0%} of the absolute CARs: the t tests weigh it in full, the "
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
    n_dates = len({e.day0 for e in r.events})
    factor = kp.statistic / bmp.statistic if bmp.statistic else float("nan")
    level = f"{case.LEVEL:.0%}"
    both = {
        (True, True): f"Both reject CAAR = 0 at {level}.",
        (False, False): f"Neither rejects CAAR = 0 at {level}.",
        (True, False): f"The unadjusted test rejects CAAR = 0 at {level}; allowing for the correlation, it does not.",
        (False, True): f"Only the adjusted test rejects CAAR = 0 at {level}.",
    }
    return (
        f"{r.n_events} incumbent events on {n_dates} Tesla dates, days {b.window[0]:+d}..{b.window[1]:+d}: CAAR "
        f"{fmt.pct(r.caar, 2)}. Events on the same day share market-wide news, so their abnormal returns move "
        f"together: the average pairwise correlation of the estimation-window abnormal returns is "
        f"{r.residual_correlation:+.3f} across all {r.n_events * (r.n_events - 1) // 2} pairs. The BMP t assumes "
        f"none and gives {bmp.statistic:+.2f} (p = {bmp.p_value:.3f}); the Kolari–Pynnönen adjustment multiplies it "
        f"by {factor:.2f}, to {kp.statistic:+.2f} (p = {kp.p_value:.3f}). "
        + both[(bmp.p_value < case.LEVEL, kp.p_value < case.LEVEL)]
        + (
            f" Milestones days apart also give {_count(r.overlapping_pairs, 'pair', 'pairs')} of one incumbent's "
            "events whose windows share days, a dependence no test here removes."
            if r.overlapping_pairs
            else ""
        )
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
            f"{b} {fmt.pct(growth(lv[b], first))} (BHAR {fmt.pct(bhar)}; {positive} of {len(h)} holding periods "
            "beat it)"
        )
    best = h.iloc[int(h[f"bhar_vs_{story.bhar_benchmarks[0]}"].abs().argmax())]
    return (
        f"From the close before the first milestone ({first.date()}) to the last close ({lv.index[-1].date()}), "
        f"{story.ticker} returned {fmt.pct(growth(lv[story.ticker], first))} against " + "; ".join(parts) + ". "
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


def multiplicity(story: Story) -> str:
    """Single milestones significant at the level, against what chance gives, and what survives Holm and BH."""
    b = story.main
    f = story.forest()
    c = b.result.count_significant
    hits = f[f["p_value"] < case.LEVEL]
    listed = "; ".join(
        f"{d.date()} {fmt.md_text(lab)} ({fmt.pct(car)}, {'clean' if cl else 'confounded'})"
        for d, lab, car, cl in zip(hits["day0"], hits["label"], hits["car"], hits["clean"], strict=True)
    )
    holm, bh = int((f["p_holm"] < case.LEVEL).sum()), int((f["p_bh"] < case.LEVEL).sum())
    clean_hits = int(hits["clean"].sum())
    return (
        f"Single milestones over days {b.window[0]:+d}..{b.window[1]:+d}: {c.k} of {c.n} have p < {case.LEVEL:g} "
        f"where chance alone gives about {c.n * c.level:.1f} (P(at least {c.k}) {fmt.p_value(c.p_value)} if they "
        f"were independent){': ' + listed if listed else ''}. {_count(clean_hits, 'of them is', 'of them are')} clean. "
        f"Adjusted for testing {c.n} events at once, {holm} survive{'s' if holm == 1 else ''} Holm's correction and "
        f"{bh} the Benjamini–Hochberg false-discovery rate at {case.LEVEL:g}."
    )


def attention(story: Story) -> str:
    """Attention and movement over the main sets: abnormal volume read from its interval, abnormal volatility from
    Beaver's tests, and what they mean next to the CAAR."""
    lines = []
    for b in (story.main, story.main_clean):
        if b is None:
            continue
        v, vol = story.volume_of(b).result, b.result.volatility
        x = v.reading()
        days = b.window[1] - b.window[0] + 1
        louder = (
            f"{'more' if v.caar > 0 else 'less'} volume than normal (CAAV {v.caar:+.3f} log points, about "
            f"{np.exp(v.caar / days):.2f}× normal a day, interval {x.low:+.3f} to {x.high:+.3f})"
            if x is not None and x.reading == "supported"
            else f"no abnormal volume the test can detect (CAAV {v.caar:+.3f} log points"
            + (f", interval {x.low:+.3f} to {x.high:+.3f})" if x is not None else ")")
        )
        tests = f"chi-squared p {fmt.p_value(vol.chi2_p)}" + (
            f", cross-sectional variance-ratio t p {fmt.p_value(vol.vr_p)}" if vol.vr_p is not None else ""
        )
        wilder = [p for p in (vol.chi2_p, vol.vr_p) if p is not None and p < case.LEVEL]
        moved = (
            f"moved TSLA more than usual in either direction (mean variance ratio {vol.mean_vr:.2f}; {tests})"
            if wilder
            else f"did not move TSLA more than usual that the tests can see (mean variance ratio {vol.mean_vr:.2f}; "
            f"{tests})"
        )
        lines.append(f"- **{b.name}, days {b.window[0]:+d}..{b.window[1]:+d}**: {louder}; the milestones {moved}.")
    return "\n".join(lines)


def _movement(story: Story) -> str:
    """One sentence for the conclusion: what volume and volatility add to the CAAR."""
    b = story.main_clean or story.main
    vol = b.result.volatility
    wild = any(p is not None and p < case.LEVEL for p in (vol.chi2_p, vol.vr_p))
    v = story.volume_of(b).result.reading()
    loud = v is not None and v.reading == "supported" and v.estimate > 0
    if wild:
        return (
            f"Across the {b.name} the abnormal returns vary more than usual (mean variance ratio {vol.mean_vr:.2f}): "
            "a CAAR near zero here can hide large moves up on some days and down on others, so the milestones "
            "carried information the average does not show."
        )
    return (
        f"Across the {b.name} the abnormal returns vary no more than usual (mean variance ratio {vol.mean_vr:.2f}) "
        + ("though volume rose" if loud else "and volume did not rise")
        + ": the small CAAR is not the average of large moves in both directions, and the milestones did not move TSLA "
        "more than its ordinary days."
    )


def conclusion(story: Story) -> str:
    """What the evidence does and does not show, read from the intervals, with the power of the test."""
    first = story.main
    use = story.main_clean or first
    x = use.result.reading()
    span = f"{use.window[0]:+d}..{use.window[1]:+d}"
    interval = (
        f"CAAR {fmt.pct(use.result.caar, 2)}, {1 - case.LEVEL:.0%} interval {fmt.pct(x.low, 2)} to "
        f"{fmt.pct(x.high, 2)} ({use.result.n_events} events)"
        if x is not None
        else f"CAAR {fmt.pct(use.result.caar, 2)} ({use.result.n_events} event)"
    )
    if x is not None and x.reading == "supported":
        answer = f"Yes, on average: across the {use.name} over days {span}, {interval}; {_tests_phrase(use)}."
    else:
        answer = (
            f"Not detectably, on average: across the {use.name} over days {span}, {interval}; "
            f"{_tests_phrase(use)}. The interval holds zero, so the average reaction cannot be told from none"
            + (
                f", and it still holds average moves up to {fmt.pct(max(-x.low, x.high), 1, signed=False)}."
                if x is not None
                else "."
            )
        )
    lines = [
        f"- **Did the market price the compute build-out as news?** {answer}",
        f"- **Single milestones.** {multiplicity(story)}",
        f"- **Attention and movement.** {_movement(story)}",
        f"- **Power.** With {use.result.n_events} events and the observed spread of their CARs, the smallest average "
        f"reaction the cross-sectional t test finds with 80% probability at {case.LEVEL:.0%} is about "
        + (f"{fmt.pct(x.detectable, 1, signed=False)}" if x is not None else "— (too few events)")
        + "; smaller average effects cannot be told from the noise of a stock this volatile.",
    ]
    if story.incumbents is not None and story.incumbents.result.tests["kolari_pynnonen_t"].computed:
        kp = story.incumbents.result.tests["kolari_pynnonen_t"]
        felt = "did" if kp.p_value < case.LEVEL else "did not detectably"
        lines.append(
            f"- **The incumbents** {felt} feel Tesla's milestones: CAAR {fmt.pct(story.incumbents.result.caar, 2)} "
            f"(Kolari–Pynnönen t = {kp.statistic:+.2f}, p = {kp.p_value:.3f})."
        )
    lines.append(
        "- **What it does not show**: an interval that holds zero is not proof of no effect (see the power line); a "
        "significant day inside a confounded window could be the earnings or the other news; and milestones whose "
        f"windows overlap are studied together only in the 'all milestones' set ({first.result.overlapping_pairs} "
        "overlapping pairs there), never in the clean one. Dates and timing come from the `session` field of "
        "`data/facts/events.csv`; where the hour of a post is unknown, the window covers both candidate sessions only "
        "if it starts at day 0 or earlier and ends at +1 or later."
    )
    return "\n".join(lines)


def headline(story: Story) -> str:
    """One line for the report index."""
    b = story.main_clean or story.main
    x = b.result.reading()
    first, last = story.milestones["day0"].iloc[0].year, story.milestones["day0"].iloc[-1].year
    span = f"{first}–{last}" if last != first else f"{first}"
    ci = f", {1 - case.LEVEL:.0%} interval {fmt.pct(x.low, 2)} to {fmt.pct(x.high, 2)}, {x.reading}" if x else ""
    return (
        f"Tesla's compute story: {len(story.milestones)} {story.ticker} milestones {span}; over the "
        f"{b.result.n_events} {b.name.split()[0]} ones, CAAR over days {b.window[0]:+d}..{b.window[1]:+d} "
        f"{fmt.pct(b.result.caar, 2)}{ci}; {len(b.rejecting)} of {len(b.computed)} tests reject at "
        f"{case.LEVEL:.0%}."
    )


def answer(story: Story) -> str:
    """The page's answer for the report index: the compute story's reaction read from the interval, and whether
    Tesla entered the data-center business (what it built, what it ended, what it sold)."""
    use = story.main_clean or story.main
    x = use.result.reading()
    f = story.forest()
    holm = f[f["p_holm"] < case.LEVEL]
    named = zip(holm["day0"], holm["label"], holm["clean"], strict=True)
    survivors = "; ".join(f"{d.date()} {fmt.md_text(lab)} ({'clean' if c else 'confounded'})" for d, lab, c in named)
    survivors = survivors or "none"
    reaction = (
        f"**Did the market price the compute build-out?** Over the {use.result.n_events} {use.name} of "
        f"{len(story.milestones)} the CAAR over days {use.window[0]:+d}..{use.window[1]:+d} is "
        f"{fmt.pct(use.result.caar, 2)}"
        + (f" ({1 - case.LEVEL:.0%} interval {fmt.pct(x.low, 2)} to {fmt.pct(x.high, 2)}): {x.reading}" if x else "")
        + f". Single milestones that survive Holm's correction over all {len(f)}: {survivors}. {_movement(story)}"
    )
    b = story.business
    built = ", ".join(f"{r.value:,.0f} ({fmt.md_text(r.period)})" for r in b.compute.itertuples())
    ended = "; ".join(f"{r.day0.date()}: {fmt.md_text(r.label)}" for r in b.dojo.itertuples())
    if b.sales.empty:
        verdict = (
            "`data/facts` records no revenue from, or customer for, Tesla compute. As of the data's end Tesla did not "
            "enter the data-center business as a seller of compute: the 'first of its kind' data center became "
            "in-house training capacity."
        )
    else:
        listed = "; ".join(fmt.md_text(m) for m in b.sales["metric"])
        verdict = f"`data/facts` records compute sold to others: {listed}."
    business = (
        f"**Did Tesla enter the data-center business?** It built training capacity for its own use (H100-equivalent "
        f"GPUs: {built or 'no figure in the data'}) and ended its own Dojo supercomputer "
        f"({ended or 'no such milestone in the data'}). {verdict}"
    )
    return reaction + "\n\n" + business


def incumbents(story: Story) -> str:
    """The incumbents' sentence, and their test battery when there are incumbents."""
    table = "\n\n" + compute_tables.battery_table([story.incumbents]) if story.incumbents else ""
    return incumbent_sentence(story) + table


def closing(story: Story):
    """The conclusion cell: bullets, with the index's headline and answer stored in the output."""
    return fmt.markdown(conclusion(story), headline=headline(story), answer=answer(story))
