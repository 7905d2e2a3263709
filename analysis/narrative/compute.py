"""Page 04 in words: the milestones, the test battery, the incumbents, holding periods, the conclusion."""


from analysis import case, fmt
from analysis.pages.compute import Battery, Story, excess_kurtosis, growth, outlier


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
        lines.append(
            f"- **{b.name}, days {b.window[0]:+d}..{b.window[1]:+d}** ({b.result.n_events} events): CAAR "
            f"{fmt.pct(b.result.caar, 2)} ({stat}); {_tests_phrase(b)}."
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


def conclusion(story: Story) -> str:
    """What the evidence does and does not show, with the power of the test."""
    first = story.batteries[0]
    clean = next((b for b in story.batteries if b.name == "clean milestones" and b.window == first.window), None)
    use = clean or first
    mde = use.result.detectable(case.LEVEL, 0.8)
    significant = [e for e in use.result.events if e.p_value < case.LEVEL]
    reacted = "; ".join(f"{e.day0} {fmt.md_text(e.label)} ({fmt.pct(e.car)})" for e in significant) or "none"
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
        f"- **Single milestones** that moved {story.ticker} significantly (per-event t, {case.LEVEL:.0%}): {reacted}.",
        f"- **Power.** With {use.result.n_events} events and the observed spread of their CARs, the smallest average "
        f"reaction the cross-sectional t test finds with 80% probability at {case.LEVEL:.0%} is about "
        + (f"{fmt.pct(mde, 1, signed=False)}" if mde is not None else "— (too few events)")
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
        f"{len(b.rejecting)} of {len(b.computed)} tests reject at {case.LEVEL:.0%}."
    )
