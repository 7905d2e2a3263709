"""Page 02 in words: the AWS claim, the growth after the quarter, the lead in market share, the index line."""

import pandas as pd

from analysis.fmt import md_text, pct, usd_bn
from analysis.market import cloud
from analysis.pages.aws_quarter import AwsQuarter


def aws_claim(check: cloud.ClaimCheck, growth: pd.Series) -> str:
    """The verdict on a 'sales of $X billion, up Y%' claim and where that quarter sits in the growth series."""
    q = check.quarter
    verdict = "supported" if check.supported else "not supported"
    trough = growth.idxmin()
    place = "the trough of AWS's growth slowdown" if trough == q else f"not the growth trough ({trough} was)"
    after = growth.loc[q:].iloc[1:]
    turn = (
        "growth re-accelerated in the following quarters"
        if len(after) and after.iloc[-1] > growth[q]
        else "growth did not recover afterwards"
    )
    return (
        f"Claim: AWS sales of ${check.claimed_sales_usd_bn:.1f}B in the last quarter, up "
        f"{check.claimed_yoy_growth * 100:.0f}% year over year. Data: ${check.sales_usd_bn:.1f}B in {q} against "
        f"${check.year_ago_sales_usd_bn:.1f}B in {check.year_ago_quarter}, growth {pct(check.yoy_growth)}. "
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
        rival0, rival1, publisher = md_text(rival0), md_text(rival1), md_text(publisher)  # names from the data
        kept = "kept its lead" if lead1 > 0 else f"lost the lead to {rival1}"
        margin = "narrowing" if lead1 < lead0 else "widening" if lead1 > lead0 else "unchanged"
        parts.append(
            f"by {publisher}, AWS held {share0:g}% in {quarter} ({lead0:+g} points on {rival0}) and {share1:g}% in "
            f"{last} ({lead1:+g} on {rival1}): it {kept}, the margin {margin}"
        )
    if not parts:
        first = shares["quarter"].min() if len(shares) else "no quarter"
        return f"Did AWS keep its lead? No share series covers {quarter} (the bundled shares start in {first})."
    text = "; ".join(parts)
    return f"Did AWS keep its lead? {text[0].upper()}{text[1:]}."


def aws_headline(check: cloud.ClaimCheck) -> str:
    """One line for the report index."""
    return (
        f"AWS {check.quarter}: {usd_bn(check.sales_usd_bn)}, {pct(check.yoy_growth)} year over year "
        f"(claim {'supported' if check.supported else 'not supported'})."
    )


def quarter_in_series(metrics: pd.DataFrame, quarter: str) -> str:
    """The quarter's sales and growth, the growth peak and trough of the series, the latest quarter, what is blank."""
    row = metrics.loc[quarter]
    growth = metrics["yoy_growth"].dropna()
    trough, peak = growth.idxmin(), growth.idxmax()
    sales = metrics["net_sales_usd_bn"]
    blank = sorted({int(q[:4]) for q in metrics.index[metrics["yoy_growth"].isna()]})
    missing = (
        f" Growth for {', '.join(map(str, blank))} is blank: the {', '.join(str(y - 1) for y in blank)} quarters "
        "are not in the data."
        if blank
        else ""
    )
    return (
        f"In **{quarter}** AWS sold **{usd_bn(row['net_sales_usd_bn'])}**, {pct(row['yoy_growth'])} over "
        f"{metrics.index[metrics.index.get_loc(quarter) - 4]} and {pct(row['qoq_growth'])} over the previous quarter. "
        f"Year-over-year growth peaked at {pct(growth[peak])} in {peak} and bottomed at {pct(growth[trough])} "
        f"in **{trough}**; by {growth.index[-1]} it was back to {pct(growth.iloc[-1])}. "
        f"Quarterly sales reached {usd_bn(sales.iloc[-1])} in {metrics.index[-1]}, "
        f"{sales.iloc[-1] / row['net_sales_usd_bn']:.2f}× the {quarter} level.{missing}\n\n"
        + aws_after(growth, quarter)
    )


def margin(metrics: pd.DataFrame, quarter: str) -> str:
    """The quarter's operating margin against a year earlier and the series' range, its TTM sales and run-rate."""
    row = metrics.loc[quarter]
    m = metrics["operating_margin"]
    return (
        f"Operating margin in {quarter}: **{pct(row['operating_margin'], signed=False)}** "
        f"(operating income {usd_bn(row['operating_income_usd_bn'])}), against "
        f"{pct(m.shift(4)[quarter], signed=False)} a year earlier; the lowest margin in the series was "
        f"{pct(m.min(), signed=False)} ({m.idxmin()}) and the highest {pct(m.max(), signed=False)} ({m.idxmax()}). "
        f"Trailing-twelve-month sales to {quarter}: {usd_bn(row['ttm_sales_usd_bn'])}; the quarter annualised (×4): "
        f"{usd_bn(row['run_rate_usd_bn'])}."
    )


def shares_in_quarter(canalys: pd.DataFrame, synergy: pd.DataFrame, market: pd.Series, quarter: str) -> str:
    """AWS's share by both publishers in the quarter, against Microsoft and Google together, and the market size;
    for a quarter before the share data, where they start."""
    have = [name for name, rows in (("Canalys", canalys), ("Synergy", synergy)) if quarter in rows.index]
    if quarter not in market.index or len(have) < 2:
        starts = ", ".join(f"{name}'s in {rows.index.min()}" for name, rows in
                           (("Canalys", canalys), ("Synergy", synergy), ("the market total", market)))  # fmt: skip
        return (
            f"The bundled share data do not cover {quarter} for both publishers (the series start: {starts}), so "
            f"the chart and table above show the quarters they cover and no share is stated for {quarter}."
        )
    aws_share, rivals = synergy.loc[quarter, "AWS"], synergy.loc[quarter, ["Microsoft Azure", "Google Cloud"]].sum()
    compare = "more than" if aws_share > rivals else "less than" if aws_share < rivals else "as much as"
    return (
        f"In {quarter} AWS held {canalys.loc[quarter, 'AWS']:.0f}% of the market by Canalys' revised series and "
        f"{aws_share:.0f}% by Synergy's, {compare} Microsoft and Google together by Synergy's count ({rivals:.0f}%). "
        f"Synergy put the whole market at {usd_bn(market[quarter])} that quarter."
    )


def report_reaction(page: AwsQuarter) -> str:
    """Whose reaction the results-day CAR is: the whole report's, with what else it contained."""
    day0 = page.reaction[0].day0 if page.reaction else "day 0"
    ticker = page.reaction[0].ticker if page.reaction else "the stock"
    if page.report_news.empty:
        return (
            f"No dated news of {ticker} in `data/facts/events.csv` reaches prices on {day0}, so what else the day "
            "carried is not recorded; the CAR below is the reaction to everything that day held."
        )
    held = "; ".join(md_text(e) for e in page.report_news["event"])
    return (
        f"Day 0 ({day0}) is the first session after the whole report, not after the AWS segment alone: {held}. "
        f"The CAR below is the market's reaction to all of it (every segment, the outlook and AWS together), so it "
        f"cannot be credited to the AWS quarter by itself."
    )


def answer(page: AwsQuarter) -> str:
    """The page's answer for the report index: the quarter checked, and where the cloud went after it."""
    c = page.check
    verdict = "as claimed" if c.supported else "not as claimed"
    return (
        f"**AWS's quarter, and where the cloud went.** AWS's {c.quarter} net sales were {usd_bn(c.sales_usd_bn)}, "
        f"{pct(c.yoy_growth)} on a year earlier: {verdict}. {aws_after(page.growth, c.quarter)} "
        f"{aws_lead(page.share_rows, c.quarter)}"
    )
