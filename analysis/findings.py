"""Sentences generated from computed results, for notebook conclusions (never typed by hand)."""

import pandas as pd

from analysis.fmt import md_text, pct
from analysis.timeline import short

LEVEL = 0.05


def _significant(row: pd.Series) -> bool:
    return bool(row["p_value"] < LEVEL)


def day0_news(timed: pd.DataFrame, day0: pd.Timestamp, ticker: str) -> pd.DataFrame:
    """The events of ``timeline.timed()`` that reach ``ticker``'s prices on ``day0`` (confounders last)."""
    rows = timed[(timed["day0"] == day0) & (timed["ticker"] == ticker)]
    return rows.sort_values("kind", key=lambda k: k.eq("confounder"), kind="stable")


def day0_label(timed: pd.DataFrame, day0: pd.Timestamp, ticker: str, limit: int = 60) -> str:
    """A short name for what happened on day 0 (the first event there that is not a confounder), or 'day 0'."""
    rows = day0_news(timed, day0, ticker)
    rows = rows[rows["kind"] != "confounder"]
    return short(rows["event"].iloc[0], limit) if len(rows) else f"{day0.date()}"


CONFOUNDING = ("confounder", "earnings")


def news_in_window(timed: pd.DataFrame, days: pd.DatetimeIndex, tickers: list[str]) -> list[str]:
    """Confounding news of ``tickers`` (``events.csv`` rows of kind confounder or earnings, or Tesla's quarterly
    results) whose effective day 0 falls on one of ``days``."""
    rows = timed[timed["day0"].isin(days) & timed["ticker"].isin(tickers)]
    rows = rows[rows["kind"].isin(CONFOUNDING) | rows["earnings"].map(lambda q: isinstance(q, str))]
    return [f"{r.day0.date()} {r.ticker}: {md_text(short(r.event, 70))}" for r in rows.itertuples()]


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
            f"**{name}** showed {kind} abnormal return at {LEVEL:.0%}: CAR {pct(row['car'])} over days {window} "
            f"around {row['day0']} (t = {row['t_stat']:.2f}, p = {row['p_value']:.2f}), on volume about "
            f"{row['volume_ratio']:.2f}× normal{beta}."
        )

    by_ticker = grid.groupby("ticker")["p_value"].apply(lambda p: int((p < LEVEL).sum()))
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
        f"Robustness (dates × benchmarks × windows × models), specifications significant at {LEVEL:.0%}: {robust}.",
        f"The same method {contrast_kind} the contrast event: {contrast['ticker']} on {contrast['day0']}, "
        f"CAR {pct(contrast['car'])} over days {contrast['window_start']:+d}..{contrast['window_end']:+d} "
        f"(t = {contrast['t_stat']:.2f}, p = {contrast['p_value']:.3f}).",
        reading,
        f"From day 0 to {last_day.date()}, {lead_name} returned {pct(since.loc[lead_name, 'return'])} and {inc_name} "
        f"{pct(since.loc[inc_name, 'return'])}, against {pct(since.loc[benchmark, 'return'])} for {benchmark}; "
        "that path reflects the news of the years after, not the announcement.",
    ]
    return "\n".join(f"- {b}" for b in bullets)


def aws_claim(check: dict, growth: pd.Series) -> str:
    """The verdict on a 'sales of $X billion, up Y%' claim and where that quarter sits in the growth series."""
    q = check["quarter"]
    verdict = "supported" if check["supported"] else "not supported"
    trough = growth.idxmin()
    place = "the trough of AWS's growth slowdown" if trough == q else f"not the growth trough ({trough} was)"
    after = growth.loc[q:].iloc[1:]
    turn = (
        "growth re-accelerated in the following quarters"
        if len(after) and after.iloc[-1] > growth[q]
        else "growth did not recover afterwards"
    )
    return (
        f"Claim: AWS sales of ${check['claimed_sales_usd_bn']:.1f}B in the last quarter, up "
        f"{check['claimed_yoy_growth'] * 100:.0f}% year over year. Data: ${check['sales_usd_bn']:.1f}B in {q} against "
        f"${check['year_ago_sales_usd_bn']:.1f}B in {check['year_ago_quarter']}, growth {pct(check['yoy_growth'])}. "
        f"**Verdict: {verdict}** at the claim's rounding. The quarter was {place}; {turn}."
    )


def aws_after(growth: pd.Series, quarter: str) -> str:
    """What AWS's growth did after ``quarter``: its low point from then on, the re-acceleration, the latest rate."""
    after = growth.loc[quarter:]
    low = after.idxmin()
    later = after.loc[low:].iloc[1:]
    if later.empty:
        return f"From {quarter} on, AWS's growth was lowest in {low} ({pct(after[low])}), the last quarter in the data."
    rising = int((later.diff().fillna(later.iloc[0] - after[low]) > 0).sum())
    above = later[later > growth[quarter]]
    first = f"; it first grew faster than in {quarter} again in {above.index[0]}" if len(above) else ""
    return (
        f"From {quarter} on, AWS's year-over-year growth bottomed at {pct(after[low])} in {low} and re-accelerated "
        f"to {pct(later.iloc[-1])} by {later.index[-1]} (peak since: {pct(later.max())} in {later.idxmax()}), rising "
        f"in {rising} of the {len(later)} quarters after the low{first}."
    )


def _lead(wide: pd.DataFrame, quarter: str) -> tuple[float, float, str]:
    """AWS's share in a quarter, its lead in points over the largest rival, and that rival."""
    rivals = wide.loc[quarter].drop("AWS").dropna()
    return wide.loc[quarter, "AWS"], wide.loc[quarter, "AWS"] - rivals.max(), rivals.idxmax()


def aws_lead(shares: pd.DataFrame, quarter: str) -> str:
    """Did AWS keep its lead? Its share and its lead over the next provider in ``quarter`` and in the last quarter,
    by publisher (rows of ``cloud.share_rows``)."""
    parts = []
    for publisher, rows in shares.groupby("publisher", sort=False):
        wide = rows.pivot(index="quarter", columns="provider", values="share").dropna().sort_index()
        if quarter not in wide.index or len(wide) < 2:
            continue  # this publisher gave no complete split for the quarter
        last = wide.index[-1]
        share0, lead0, rival0 = _lead(wide, quarter)
        share1, lead1, rival1 = _lead(wide, last)
        kept = "kept its lead" if lead1 > 0 else f"lost the lead to {rival1}"
        margin = "narrowing" if lead1 < lead0 else "widening" if lead1 > lead0 else "unchanged"
        parts.append(
            f"by {publisher}, AWS held {share0:g}% in {quarter} ({lead0:+g} points on {rival0}) and {share1:g}% in "
            f"{last} ({lead1:+g} on {rival1}): it {kept}, the margin {margin}"
        )
    if not parts:
        return "No share series covers both quarters."
    text = "; ".join(parts)
    return f"Did AWS keep its lead? {text[0].upper()}{text[1:]}."


def aws_headline(check: dict) -> str:
    """One line for the report index."""
    return (
        f"AWS {check['quarter']}: ${check['sales_usd_bn']:g}B, {pct(check['yoy_growth'])} year over year "
        f"(claim {'supported' if check['supported'] else 'not supported'})."
    )


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
