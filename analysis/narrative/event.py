"""Page 03 in words: news in the event window, the event study's conclusion, the index line."""

import numpy as np
import pandas as pd

from analysis import case
from analysis.fmt import md_text, pct
from analysis.market.timeline import short
from analysis.methods.eventstudy import EventResult
from analysis.methods.spec import Model
from analysis.pages.announcement import Announcement


def _significant(r: EventResult) -> bool:
    return bool(r.p_value < case.LEVEL)


def news_items(news: pd.DataFrame) -> list[str]:
    """Each news row as 'date ticker: text', the text shortened and escaped."""
    return [f"{r.day0.date()} {r.ticker}: {md_text(short(r.event, 70))}" for r in news.itertuples()]


def window_news_sentence(others: list[str], days: pd.DatetimeIndex) -> str:
    """One sentence on other news inside the event window."""
    span = f"{days[0].date()} to {days[-1].date()}"
    if not others:
        return (
            f"No confounding news of these companies in `data/facts/events.csv` falls inside the event window ({span})."
        )
    return (
        f"Confounding news inside the event window ({span}), which the abnormal return cannot be separated from with "
        "daily data: " + "; ".join(others) + "."
    )


def conclusion(page: Announcement) -> str:
    """Markdown bullets answering 'did the market react?' for the subject and the incumbent, each read from its
    interval, with the positive control on the page's own window as the statement of power."""
    lead_name, inc_name = page.tickers[0], page.tickers[1]
    lead, inc = page.main.result(lead_name), page.main.result(inc_name)
    day0_only, control = page.contrast[0], page.contrast[1]
    benchmark, since, others = page.benchmark, page.since, news_items(page.others)
    label = news_of(page.label, lead.day0)

    def reaction(r: EventResult) -> str:
        beta = (
            f" Its beta against {benchmark} is {r.beta:.2f}, so a market move of {pct(-0.01)} predicts "
            f"{pct(-0.01 * r.beta)} for it."
            if r.model == "market"
            else ""
        )
        return (
            f"**{r.ticker}**: CAR {pct(r.car)} over days {r.window} around {r.day0}, {1 - case.LEVEL:.0%} interval "
            f"{pct(r.ci_low)} to {pct(r.ci_high)} (t = {r.t_stat:.2f}, p = {r.p_value:.2f}), on volume about "
            f"{r.volume_ratio:.2f}× its estimation-window average: {reading_phrase(r)}.{beta}"
        )

    grid = page.grid
    by_ticker = grid.groupby("ticker")["p_value"].apply(lambda p: int((p < case.LEVEL).sum()))
    specs = len(grid) // grid["ticker"].nunique()
    robust = "; ".join(f"{t}: {by_ticker[t]} of {specs}" for t in page.tickers[:2])
    found = [r for r in (lead, inc) if r.reading().reading == "supported"]
    overlap = (
        f"Confounding news in the same days ({len(others)} item{'s' if len(others) != 1 else ''} listed above) "
        "overlaps the window, so it cannot be told apart from the event with daily data."
        if others
        else "No confounding news falls inside the window."
    )
    if found:
        reading = (
            f"The interval of {' and '.join(r.ticker for r in found)} excludes zero, so the news of day 0 "
            f"({label}) may have carried information. {overlap}"
        )
    else:
        sizes = " and ".join(f"{pct(r.reading().detectable, 1, signed=False)} for {r.ticker}" for r in (lead, inc))
        hits = {t: int(by_ticker[t]) for t in page.tickers[:2] if by_ticker[t] > 0}
        grid_note = (
            " The robustness grid does reject in "
            + "; ".join(f"{n} of {specs} specifications for {t}" for t, n in hits.items())
            + ": other dates, windows or models than the page's find a move, so the result depends on the choice of "
            "specification and is not robust either way."
            if hits
            else ""
        )
        reading = (
            f"Neither stock shows a reaction the test can detect on the news of day 0 ({label}). That is not "
            f"evidence of no reaction: the intervals still hold moves up to "
            f"{pct(max(max(-r.ci_low, r.ci_high) for r in (lead, inc)), 1, signed=False)}, and a CAR smaller than "
            f"about {sizes} would go unseen.{grid_note} {overlap}"
        )
    smallest = pct(control.reading().detectable, 1, signed=False)
    named = news_of(page.contrast_label, control.day0)
    control_line = (
        f"Positive control, {control.ticker} on {control.day0} ({named}): on day 0 alone the "
        f"CAR is {pct(day0_only.car)} (p = {day0_only.p_value:.3f}), {_found(day0_only)}; on this page's window "
        f"{control.window} it is {pct(control.car)} (p = {control.p_value:.3f}), {_found(control)}. "
        + (
            f"The window could find a move of that size (smallest detectable CAR about {smallest})."
            if control.reading().reading == "supported"
            else f"Even that move does not stand out over {control.window}: the smallest CAR this window detects in "
            f"{control.ticker} is about {smallest} (for the announcement, about "
            f"{pct(lead.reading().detectable, 1, signed=False)})."
        )
    )
    last_day = page.long_run.index[-1]

    def attention_of(r: EventResult) -> str:
        v, vol = page.volatility[r.ticker], next(x for x in page.volume if x.ticker == r.ticker)
        louder = vol.reading().reading == "supported" and vol.car > 0
        wilder = v.chi2_p < case.LEVEL
        if louder or wilder:
            seen = " and ".join(
                w for w, f in (("more volume than normal", louder), ("more volatility than usual", wilder)) if f
            )
            return f"{r.ticker} saw {seen}"
        return f"{r.ticker} drew neither extra volume nor extra volatility"

    bullets = [
        reaction(lead),
        reaction(inc),
        f"Attention: {attention_of(lead)}; {attention_of(inc)} (volume and volatility tests in the table above), so "
        + (
            "the CAR may hide moves in both directions on different days."
            if any(page.volatility[t].chi2_p < case.LEVEL for t in page.tickers[:2])
            else "a small CAR here is not a large move up on one day and down on another."
        ),
        "Robustness (dates × benchmarks × windows × models), specifications significant at "
        f"{case.LEVEL:.0%}: {robust} (the specifications share their data, so these counts are not independent "
        "trials).",
        control_line,
        reading,
        f"From day 0 to {last_day.date()}, {lead_name} returned {pct(since.loc[lead_name, 'return'])} and {inc_name} "
        f"{pct(since.loc[inc_name, 'return'])}, against {pct(since.loc[benchmark, 'return'])} for {benchmark}; "
        "that path reflects the news of the years after, not the announcement.",
    ]
    return "\n".join(f"- {b}" for b in bullets)


def headline(page: Announcement) -> str:
    """One line for the report index: the subject's and the incumbent's CARs around day 0."""
    rows = [page.main.result(t) for t in page.tickers[:2]]
    first = rows[0]
    return (
        f"Event study, day 0 {first.day0} ({page.label or 'no dated news'}): abnormal return over days {first.window}: "
        + "; ".join(
            f"{r.ticker} {pct(r.car)} ({1 - case.LEVEL:.0%} interval {pct(r.ci_low)} to {pct(r.ci_high)}, "
            f"{r.reading().reading})"
            for r in rows
        )
        + "."
    )


def benchmark_phrase(model: Model, benchmark: str) -> str:
    """'against SPY', or 'no benchmark' for the constant-mean model, which uses none."""
    return "no benchmark" if model == "constant-mean" else f"against {benchmark}"


def reading_phrase(r: EventResult, level: float = case.LEVEL) -> str:
    """What the CAR's interval allows, in words: 'a reaction (the interval lies above zero)' or 'not detected: ...'."""
    x = r.reading(level)
    if x.reading == "supported":
        side = "above" if x.low > 0 else "below"
        return f"a reaction: the {1 - level:.0%} interval lies {side} zero"
    return (
        f"not detected: the interval holds zero and moves up to {pct(max(-x.low, x.high), 1, signed=False)}; "
        f"the smallest CAR this test finds with 80% power is about {pct(x.detectable, 1, signed=False)}"
    )


def news_of(label: str, day0: str) -> str:
    """How a sentence names day 0: its news, or the date with a word that no news is recorded."""
    return md_text(label) if label else f"{day0}, with no dated news in events.csv"


def _found(r: EventResult) -> str:
    return "detected" if r.reading().reading == "supported" else "not detected"


def verdict(r: EventResult, level: float = case.LEVEL) -> str:
    """One sentence on one result, e.g. 'TSLA: CAR -4.2% over days -1..+1 around 2023-08-15 (95% interval -13.3% to
    +4.9%; t = -0.92, p = 0.360): not detected: ...'."""
    return (
        f"{r.ticker}: CAR {r.car * 100:+.1f}% over days {r.window} around {r.day0} ({1 - level:.0%} interval "
        f"{pct(r.ci_low)} to {pct(r.ci_high)}; t = {r.t_stat:.2f}, p = {r.p_value:.3f}): {reading_phrase(r, level)}"
    )


def verdicts(results: list[EventResult], volume: bool = False) -> str:
    """One bullet per result, with the day's volume against normal when ``volume``."""
    return "\n".join(
        f"- {verdict(r)}" + (f"; volume {r.volume_ratio:.1f}× its estimation-window average." if volume else ".")
        for r in results
    )


def setup(page: Announcement) -> str:
    """Which day is day 0, what news it carries, and the model, benchmark and windows of the study."""
    first = page.main.results[0]
    (e0, e1), window = page.spec.estimation, page.spec.window
    return (
        f"Requested date **{page.requested}**; day 0 is **{first.day0}**, the first trading day on or after it. "
        + (
            f"News of day 0 in `events.csv`: **{md_text(page.label)}**. "
            if page.label
            else "`events.csv` holds no dated news of this day. "
        )
        + f"Model: **{first.model}**, "
        f"{benchmark_phrase(first.model, page.benchmark)}, estimated on trading days {e0}..{e1} "
        f"({first.n_estimation} days); event window {window[0]:+d}..{window[1]:+d}."
    )


def price_move(page: Announcement) -> str:
    """The move of each series (rebased to 100 on day -1) from the close of day -1 to the close of the window's last
    day."""
    around, last = page.around, page.spec.window[1]
    after = around.loc[page.day0 :]
    move = after.iloc[min(last, len(after) - 1)] / 100 - 1
    return (
        f"From the close of day -1 to the close of day {last:+d}: "
        + ", ".join(f"{t} {pct(move[t])}" for t in around.columns)
        + "."
    )


def robustness(page: Announcement) -> str:
    """Per ticker: how many specifications of the grid are significant, the CAR range, and the smallest p-value."""
    grid, tickers, dates = page.grid, page.tickers, page.dates

    def line(t: str) -> str:
        g = grid[grid["ticker"] == t]
        sig = int((g["p_value"] < case.LEVEL).sum())
        negative = int((g["car"] < 0).sum())
        best = g.loc[g["p_value"].idxmin()]
        return (
            f"**{t}**: {sig} of {len(g)} specifications significant at {case.LEVEL:.0%}; CAR from "
            f"{pct(g['car'].min())} to {pct(g['car'].max())}, negative in {negative} of {len(g)}; smallest p-value "
            f"{g['p_value'].min():.3f} ({best['requested_date']}, window {best['window']}, {best['model']} model, "
            f"{benchmark_phrase(best['model'], best['benchmark'])})."
        )

    return f"Event dates tested: {', '.join(dates)}.\n\n" + "\n".join(f"- {line(t)}" for t in tickers)


def contrast_intro(page: Announcement) -> str:
    """The news inside the window, then the contrast event that shows the method can detect a reaction."""
    return (
        window_news_sentence(news_items(page.others), page.window_days)
        + " As a check that the method can see a real reaction in this stock and period, the same engine on a "
        + f"contrast event, {page.contrast_day0.date()}: "
        + news_of(page.contrast_label, str(page.contrast_day0.date()))
        + "."
    )


def answer(page: Announcement) -> str:
    """The page's answer for the report index: the announcement's reaction read from the intervals."""
    rows = [page.main.result(t) for t in page.tickers[:2]]
    news = md_text(page.label) if page.label else "no dated news in events.csv"
    parts = "; ".join(
        f"{r.ticker} {pct(r.car)} over days {r.window} ({1 - case.LEVEL:.0%} interval {pct(r.ci_low)} to "
        f"{pct(r.ci_high)}, {_found(r)}; the test would find about {pct(r.reading().detectable, 1, signed=False)})"
        for r in rows
    )
    return (
        f"**Did the market react to the announcement?** Around day 0 ({rows[0].day0}, {news}): "
        f"{parts}. No reaction is visible, and moves up to "
        f"{pct(max(max(-r.ci_low, r.ci_high) for r in rows), 1, signed=False)} still fit inside these intervals."
        if all(r.reading().reading != "supported" for r in rows)
        else f"**Did the market react to the announcement?** Around day 0 ({rows[0].day0}, {news}): {parts}."
    )


def attention(page: Announcement) -> str:
    """Did the news draw attention (abnormal volume) or move the stock more than usual in either direction (abnormal
    volatility, Beaver 1968)? One bullet per ticker, read from the intervals and tests."""

    def line(r: EventResult) -> str:
        v = page.volatility[r.ticker]
        days = r.window_end - r.window_start + 1
        more = "more" if r.car > 0 else "less"
        volume = (
            f"{more} volume than normal ({np.exp(r.car / days):.2f}× a day, CAV {r.car:+.3f} log points, "
            f"{1 - case.LEVEL:.0%} interval {r.ci_low:+.3f} to {r.ci_high:+.3f})"
            if r.reading().reading == "supported"
            else f"no abnormal volume the test can detect (CAV {r.car:+.3f} log points, about "
            f"{np.exp(r.car / days):.2f}× normal a day; interval {r.ci_low:+.3f} to {r.ci_high:+.3f})"
        )
        moved = "moved more than usual" if v.chi2_p < case.LEVEL else "moved no more than usual that the test can see"
        return (
            f"**{r.ticker}** over days {r.window}: {volume}; its abnormal returns {moved} (Beaver's "
            f"chi2({v.chi2_dof}) = {v.chi2:.1f}, p = {v.chi2_p:.3f})."
        )

    volume_model = page.volume_spec.model
    note = (
        f" Volume uses the {volume_model} model on log volume (the benchmark ETF's volume as the market's), since "
        "levels of volume cannot be market-adjusted one for one."
        if volume_model != page.spec.model
        else ""
    )
    return "\n".join(f"- {line(r)}" for r in page.volume) + ("\n\n" + note.strip() if note else "")
