"""Page 03 in words: news in the event window, the event study's conclusion, the index line."""

import pandas as pd

from analysis import case
from analysis.methods.eventstudy import Model
from analysis.present.fmt import md_text, pct


def _significant(row: pd.Series) -> bool:
    return bool(row["p_value"] < case.LEVEL)


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


def event_conclusion(
    summary: pd.DataFrame,
    grid: pd.DataFrame,
    contrast: pd.Series,
    since: pd.DataFrame,
    benchmark: str,
    last_day: pd.Timestamp,
    label: str,
    others: list[str],
) -> str:
    """Markdown bullets answering 'did the market react?' for the first two tickers of ``summary``; ``label``
    names the news of day 0 and ``others`` the other news inside the window."""
    rows = summary.set_index("ticker")
    lead_name, inc_name = rows.index[0], rows.index[1]
    lead, inc = rows.loc[lead_name], rows.loc[inc_name]
    window = f"{lead['window_start']:+d}..{lead['window_end']:+d}"

    def reaction(name: str, row: pd.Series) -> str:
        kind = "a significant" if _significant(row) else "no significant"
        beta = (
            f"; its beta against {benchmark} is {row['beta']:.2f}, so a market move of {pct(-0.01)} predicts "
            f"{pct(-0.01 * row['beta'])} for it"
            if row["model"] == "market"
            else ""
        )
        return (
            f"**{name}** showed {kind} abnormal return at {case.LEVEL:.0%}: CAR {pct(row['car'])} over days {window} "
            f"around {row['day0']} (t = {row['t_stat']:.2f}, p = {row['p_value']:.2f}), on volume about "
            f"{row['volume_ratio']:.2f}× normal{beta}."
        )

    by_ticker = grid.groupby("ticker")["p_value"].apply(lambda p: int((p < case.LEVEL).sum()))
    specs = len(grid) // grid["ticker"].nunique()
    robust = "; ".join(f"{t}: {by_ticker[t]} of {specs}" for t in rows.index[:2])
    any_sig = _significant(lead) or _significant(inc) or by_ticker.loc[list(rows.index[:2])].sum() > 0
    overlap = (
        f"Confounding news in the same days ({len(others)} item{'s' if len(others) != 1 else ''} listed above) "
        "overlaps the window, so it cannot be told apart from the event with daily data."
        if others
        else "No confounding news falls inside the window."
    )
    if any_sig:
        reading = (
            f"At least one specification finds a significant reaction, so the news of day 0 ({md_text(label)}) may "
            "have "
            f"carried information. {overlap}"
        )
    else:
        reading = (
            f"The market treated the news of day 0 ({md_text(label)}) as no news for either company. {overlap}"
            + (" A small effect cannot be ruled out in either direction." if others else "")
        )
    contrast_kind = "detects" if _significant(contrast) else "does not detect"
    bullets = [
        reaction(lead_name, lead),
        reaction(inc_name, inc),
        "Robustness (dates × benchmarks × windows × models), specifications significant at "
        f"{case.LEVEL:.0%}: {robust}.",
        f"The same method {contrast_kind} the contrast event: {contrast['ticker']} on {contrast['day0']}, "
        f"CAR {pct(contrast['car'])} over days {contrast['window_start']:+d}..{contrast['window_end']:+d} "
        f"(t = {contrast['t_stat']:.2f}, p = {contrast['p_value']:.3f}).",
        reading,
        f"From day 0 to {last_day.date()}, {lead_name} returned {pct(since.loc[lead_name, 'return'])} and {inc_name} "
        f"{pct(since.loc[inc_name, 'return'])}, against {pct(since.loc[benchmark, 'return'])} for {benchmark}; "
        "that path reflects the news of the years after, not the announcement.",
    ]
    return "\n".join(f"- {b}" for b in bullets)


def event_headline(summary: pd.DataFrame, label: str) -> str:
    """One line for the report index: the first two tickers' CARs around day 0."""
    rows = summary.set_index("ticker").iloc[:2]
    first = rows.iloc[0]
    window = f"{first['window_start']:+d}..{first['window_end']:+d}"
    return (
        f"Event study, day 0 {first['day0']} ({label}): abnormal return over days {window}: "
        + "; ".join(f"{t} {pct(r['car'])} (p = {r['p_value']:.2f})" for t, r in rows.iterrows())
        + "."
    )


def benchmark_phrase(model: Model, benchmark: str) -> str:
    """'against SPY', or 'no benchmark' for the constant-mean model, which uses none."""
    return "no benchmark" if model == "constant-mean" else f"against {benchmark}"


def verdict(row: pd.Series, level: float = case.LEVEL) -> str:
    """One sentence on one summary row, e.g. 'TSLA: CAR -4.2% over -1..+1 (t = -0.92, p = 0.36), not significant'."""
    sig = "significant" if row["p_value"] < level else "not significant"
    return (
        f"{row['ticker']}: CAR {row['car'] * 100:+.1f}% over days {row['window_start']:+d}..{row['window_end']:+d} "
        f"around {row['day0']} (t = {row['t_stat']:.2f}, p = {row['p_value']:.3f}), {sig} at {level:.0%}"
    )


def verdicts(summary: pd.DataFrame, volume: bool = False) -> str:
    """One bullet per summary row, with the day's volume against normal when ``volume``."""
    return "\n".join(
        f"- {verdict(r)}" + (f"; volume {r['volume_ratio']:.1f}× normal." if volume else ".")
        for _, r in summary.iterrows()
    )


def setup(
    requested: str, summary: pd.DataFrame, label: str, benchmark: str, estimation: list[int], window: list[int]
) -> str:
    """Which day is day 0, what news it carries, and the model, benchmark and windows of the study."""
    first = summary.iloc[0]
    return (
        f"Requested date **{requested}**; day 0 is **{first['day0']}**, the first trading day on or after it. "
        f"News of day 0 in `events.csv`: **{md_text(label)}**. Model: **{first['model']}**, "
        f"{benchmark_phrase(first['model'], benchmark)}, estimated on trading days {estimation[0]}..{estimation[1]} "
        f"({first['n_estimation']} days); event window {window[0]:+d}..{window[1]:+d}."
    )


def price_move(around: pd.DataFrame, day0: pd.Timestamp, last: int) -> str:
    """The raw move of each series (rebased to 100 on day -1) from the close of day -1 to the close of day ``last``."""
    after = around.loc[day0:]
    move = after.iloc[min(last, len(after) - 1)] / 100 - 1
    return (
        f"From the close of day -1 to the close of day {last:+d}: "
        + ", ".join(f"{t} {pct(move[t])}" for t in around.columns)
        + "."
    )


def robustness(grid: pd.DataFrame, tickers: list[str], dates: list[str]) -> str:
    """Per ticker: how many specifications of the grid are significant, the CAR range, and the smallest p-value."""

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


def contrast_intro(others: list[str], days: pd.DatetimeIndex, contrast_day0: pd.Timestamp, contrast_label: str) -> str:
    """The news inside the window, then the contrast event that shows the method can detect a reaction."""
    return (
        window_news_sentence(others, days)
        + " As a check that the method can see a real reaction in this stock and period, the same engine on a "
        + f"contrast event, {contrast_day0.date()}: {md_text(contrast_label)}."
    )
