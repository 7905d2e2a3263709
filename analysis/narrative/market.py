"""Page 01 in words: the market-size claim against the estimates, in hindsight, the RMB conversion and Tesla's
share."""

import pandas as pd

from analysis import case, fmt
from analysis.fmt import md_text, pct, usd_bn
from analysis.market.sizing import NEAR, BottomUp, RateCheck, Triangulation, latest
from analysis.pages.market_size import MarketSize


def headline(t: Triangulation) -> str:
    """One line for the report index."""
    return (
        f"Market size {t.year}: {t.n} comparable estimates from {usd_bn(t.low_usd_bn)} to {usd_bn(t.high_usd_bn)}, "
        f"median {usd_bn(t.median_usd_bn)}, against the {usd_bn(t.claim_usd_bn)} claim."
    )


def verdict(t: Triangulation) -> str:
    """The claim against the comparable estimates, in one paragraph that follows from the numbers: inside the range
    with estimates near it, inside with none near, or outside (below or above every estimate)."""
    names = ", ".join(
        f"{md_text(r.publisher)} {md_text(r.scope)} {usd_bn(r.value_usd_bn)}" for r in t.near.itertuples()
    )
    measures = ", ".join(dict.fromkeys(md_text(scope) for scope in t.near["scope"])) if not t.near.empty else ""
    span = (
        f"{t.n} comparable {t.year} estimates ({usd_bn(t.low_usd_bn)} to {usd_bn(t.high_usd_bn)}, median "
        f"{usd_bn(t.median_usd_bn)})"
    )
    claim = usd_bn(t.claim_usd_bn)
    if not t.claim_inside:
        side = "below" if t.claim_usd_bn < t.low_usd_bn else "above"
        return (
            f"The {claim} claim is outside the range of {span}: {side} every one of them, "
            f"{t.claim_usd_bn / t.median_usd_bn:.1f}× the median, so it fits none of these measures of the market."
        )
    if t.near.empty:
        return (
            f"The {claim} claim is within the range of {span}, but none lies within {NEAR:.0%} of it: it matches no "
            "single measure, and the seeds name no source."
        )
    return (
        f"The {claim} claim is within the range of {span}; {len(t.near)} lie within {NEAR:.0%} of it ({names}), so it "
        f"is a fair order of magnitude for {measures}, but the seeds name no source and no single definition gives "
        "exactly that figure."
    )


def hindsight_verdict(hind: pd.DataFrame, claim: float = case.MARKET_CLAIM_USD_BN) -> str:
    """The claim as of its year and as of the latest year with figures (measured ones; a derived figure is named as
    such and kept out of the range), and how the 2023 projections fared against the figure the table marks as used."""
    then = latest(hind, case.CLAIM_YEAR)
    now_year = int(hind.loc[~hind["basis"].isin(["forecast", "derived"]), "year"].max())
    now = latest(hind, now_year)
    measured, derived = now[now["basis"] != "derived"], now[now["basis"] == "derived"]
    low, high = then["value_usd_bn"].min(), then["value_usd_bn"].max()
    if low <= claim <= high:
        as_then = f'"over {usd_bn(claim, 0)}" sat inside that range: a fair snapshot'
    else:
        as_then = f"the claim lay {'below' if claim < low else 'above'} all of them"
    ratio = measured["value_usd_bn"] / claim
    listing = "; ".join(
        f"{md_text(r.publisher)} {md_text(r.scope)} {usd_bn(r.value_usd_bn, 0)}" for r in measured.itertuples()
    )
    guessed = "; ".join(
        f"{md_text(r.publisher)} {md_text(r.scope)} {usd_bn(r.value_usd_bn, 0)} ({md_text(r.note)})"
        for r in derived.itertuples()
    )
    scored = hind.dropna(subset=["projection_2023_usd_bn"])
    scored = latest(scored, int(scored["year"].max())) if not scored.empty else scored
    errors = scored["projection_error"]
    fared = "fell short" if (errors > 0).all() else "overshot" if (errors < 0).all() else "missed both ways"
    missed = "; ".join(
        f"{md_text(r.publisher)} projected {usd_bn(r.projection_2023_usd_bn)} for {r.year} "
        f"({md_text(r.projection_vintage)}), the outcome was {usd_bn(r.value_usd_bn)} ({md_text(r.vintage)} "
        f"{md_text(r.basis)}, {pct(r.projection_error)})"
        for r in scored.itertuples()
    )
    trend = "understated the market" if ratio.min() > 1 else "overstated it" if ratio.max() < 1 else "was in range"
    return (
        f"As of {case.CLAIM_YEAR} the same measures stood at {usd_bn(low)} to {usd_bn(high)}; {as_then}. "
        f"As of {now_year}, measured: {listing}, {ratio.min():.1f}× to {ratio.max():.1f}× the claim"
        + (f"; derived, not measured: {guessed}" if guessed else "")
        + ". "
        + (f"The projections made in 2023 {fared}: {missed}. " if missed else "")
        + f"The figure was a snapshot of its time, not a forecast, and by {now_year} it {trend}."
    )


def conversion_verdict(conv: pd.DataFrame) -> str:
    """One sentence on which rate reproduces the seed's conversion."""
    rmb = case.MARKET_CLAIM_RMB_TRILLION
    implied = rmb * 1000 / case.MARKET_CLAIM_USD_BN
    match = "; ".join(
        f"{md_text(r.metric)} {md_text(r.period)} ({r.rate:g})" for r in conv[conv["rounds_to_claim"]].itertuples()
    )
    miss = "; ".join(
        f"{md_text(r.metric)} {md_text(r.period)} ({r.rate:g}, giving {r.rmb_trillion:.2f})"
        for r in conv[~conv["rounds_to_claim"]].itertuples()
    )
    return (
        f"{rmb:g} trillion RMB / {usd_bn(case.MARKET_CLAIM_USD_BN)} implies {implied:.2f} CNY per USD. "
        f"Rates that reproduce {rmb:g} trillion: {match or 'none in the data'}. Rates that do not: {miss or 'none'}."
    )


def describe_share(need: pd.Series, market_usd_bn: float, capex_usd_bn: float) -> str:
    """One sentence on the scenario result."""
    total = need.sum()
    return (
        f"Under these assumptions Tesla's own data-center need is about ${total:.2f}B a year, "
        f"{pct(total / market_usd_bn, 2, signed=False)} of a {usd_bn(market_usd_bn)} market and "
        f"{pct(total / capex_usd_bn, 1, signed=False)} of its 2023 capital expenditure ({usd_bn(capex_usd_bn)}); "
        f"the largest component is {need.idxmax()} (${need.max():.2f}B). A scenario, not a measurement."
    )


def scopes(t: Triangulation) -> str:
    """The verdict, and which scopes lie wholly below or above the claim."""
    return (
        f"**Verdict.** {verdict(t)}\n\n"
        f"Scopes whose {t.year} estimates all lie below the claim: {', '.join(map(md_text, t.scopes_below)) or 'none'}"
        f". Scopes whose estimates all lie above it: {', '.join(map(md_text, t.scopes_above)) or 'none'}."
    )


def bottom_up(bu: BottomUp, stated_year_usd_bn: float, stated_ttm_usd_bn: float) -> str:
    """The bottom-up build against the research firm's own stated totals."""
    return (
        f"Sum of the four {bu.year} quarters: **{usd_bn(bu.year_usd_bn)}** (Synergy's stated full year: "
        f"{usd_bn(stated_year_usd_bn, 0)}). Twelve months to {bu.quarter}, the last full quarter before the seeds: "
        f"**{usd_bn(bu.ttm_usd_bn)}** (stated: {usd_bn(stated_ttm_usd_bn, 0)}). The {bu.quarter} quarter "
        f"annualised: {usd_bn(bu.annualised_usd_bn)}. AWS's share of the {bu.year} total: "
        f"{pct(bu.split_usd_bn['AWS'].sum() / bu.year_usd_bn, signed=False)}."
    )


def span(values: pd.Series) -> str:
    """'$A to $B' for a range of dollar figures, one figure when they round alike (one scenario)."""
    low, high = usd_bn(values.min(), 0), usd_bn(values.max(), 0)
    return low if low == high else f"{low} to {high}"


def projection(fan: pd.DataFrame, to_year: int, check: RateCheck) -> str:
    """Where the projection scenarios end, and whether a publisher's stated rate reproduces its own forecast."""
    ends = fan.loc[to_year].sort_values()
    given = (
        f"the scenarios give {', '.join(usd_bn(v, 0) for v in ends)} (low to high)"
        if len(ends) > 1 else f"the one scenario ({md_text(ends.index[0])}) gives {usd_bn(ends.iloc[0], 0)}"
    )  # fmt: skip
    return (
        f"In {to_year} {given}. "
        f"Consistency check: the {usd_bn(check.base_usd_bn, 0)} that {md_text(check.publisher)} gave for "
        f"{check.start}, grown at its stated {check.cagr:.1%}, gives {usd_bn(check.grown_usd_bn)} for {check.end}, "
        "against the "
        f"{usd_bn(check.published_usd_bn, 0)} it published; its own two figures imply {check.implied_cagr:.1%} a year."
    )


def tornado(spread: pd.DataFrame) -> str:
    """The range of Tesla's share across the one-at-a-time cases, and the assumption that moves it most."""
    shares = spread[["low_share", "high_share"]]
    return (
        f"Across the one-at-a-time low and high cases the share ranges from "
        f"{pct(shares.min().min(), 2, signed=False)} to {pct(shares.max().max(), 2, signed=False)}; the assumption "
        f"that matters most is `{spread['assumption'].iloc[-1]}`."
    )


def projection_check(page: MarketSize) -> str:
    """The projection from the claim year's median against the figures measured since, year by year."""
    parts = []
    for year in sorted(y for y in page.actuals["year"].unique() if y in page.projection.index):
        m = page.measured(year)["value_usd_bn"]
        if m.empty:
            continue
        p = page.projection.loc[year]
        every, them = ("every scenario", "the scenarios") if len(p) > 1 else ("the scenario", "the scenario")
        where = f"above {every}" if m.min() > p.max() else f"below {every}" if m.max() < p.min() else (
            f"overlapping {them}"
        )
        parts.append(
            f"{year}: projected {span(p)}, measured {span(m)} ({where})"
        )
    if not parts:
        return "No figures measured after the claim's year fall inside the projection's span."
    return "Against what was measured since: " + "; ".join(parts) + "."


def tesla_then_now(page: MarketSize) -> str:
    """The 2023 scenario of Tesla's need beside what Tesla then spent and built (``data/market/tesla_actuals.csv``)."""
    t = page.tesla_actuals
    need = page.need.sum()
    money = t[t["kind"] == "usd_bn"]
    compute = t[t["kind"] == "h100e"].sort_values("period")
    spent = "; ".join(
        f"{md_text(r.what)} {usd_bn(r.value)}, {r.value / need:.0f}× the scenario ({md_text(r.note)})"
        for r in money.itertuples()
    )
    grew = ", ".join(f"{r.value:,.0f} ({md_text(r.period)})" for r in compute.itertuples())
    verdict = "understated" if money["value"].min() > need else "did not understate"
    return (
        f"**Then and now.** The 2023 scenario puts Tesla's own data-center need at {usd_bn(need, 2)} a year. What "
        f"Tesla disclosed afterwards: {spent}. Its training compute, in H100-equivalent GPUs: {grew}. Measured by "
        f"every figure disclosed since, the scenario built on what was public in 2023 {verdict} Tesla's own need."
    )


def conclusion(page: MarketSize) -> str:
    """Page 01's answer in bullets, from its typed result."""
    t, bu, fan, to_year = page.triangulation, page.bottom_up, page.projection, page.projection_to
    return (
        f"- {verdict(t)}\n"
        f"- Bottom-up, cloud-infrastructure services alone brought {usd_bn(bu.ttm_usd_bn)} in the "
        f"twelve months to {bu.quarter} ({pct(bu.ttm_usd_bn / t.claim_usd_bn - 1)} against the claim) and "
        f"{usd_bn(bu.year_usd_bn)} in {bu.year}.\n"
        f"- Under published growth rates the {page.year} median grows to {span(fan.loc[to_year])} by {to_year}. "
        f"{projection_check(page)}\n"
        f"- {conversion_verdict(page.conversion)}\n"
        f"- {describe_share(page.need, t.median_usd_bn, page.capex_usd_bn)}\n"
        f"- {tesla_then_now(page)}\n"
        f"- In hindsight: {hindsight_verdict(page.hindsight, t.claim_usd_bn)}"
    )


def answer(page: MarketSize) -> str:
    """The page's answer for the report index: the claim as of its year, and the market as of the latest year."""
    t = page.triangulation
    now_year = int(page.latest.loc[page.latest["basis"] != "derived", "year"].max())
    now = page.measured(now_year)["value_usd_bn"]
    then = "a fair snapshot" if t.claim_inside else "outside the range"
    ends = page.projection.loc[now_year] if now_year in page.projection.index else None
    pace = (
        ""
        if ends is None
        else "faster than every growth rate published in 2023 projected. "
        if now.min() > ends.max()
        else "slower than every growth rate published in 2023 projected. "
        if now.max() < ends.min()
        else "within the range the growth rates published in 2023 projected. "
    )
    return (
        f"**Was \"{usd_bn(t.claim_usd_bn, 0)}\" right, and where is the market now?** As of {t.year} it was {then}: "
        f"{t.n} comparable estimates of different scopes ran from {usd_bn(t.low_usd_bn, 0)} to "
        f"{usd_bn(t.high_usd_bn, 0)} (median {usd_bn(t.median_usd_bn, 0)}), and the seeds named no source. By "
        f"{now_year} the same measures stood at {span(now)}, "
        f"{now.min() / t.claim_usd_bn:.1f}× to {now.max() / t.claim_usd_bn:.1f}× the claim"
        + (f": {pace}" if pace else ". ")
        + projection_check(page)
    )


def projection_text(page: MarketSize) -> str:
    """The projection's end points, the rate check, and the projection against what was measured since."""
    return projection(page.projection, page.projection_to, page.rate_check) + " " + projection_check(page)


def closing(page: MarketSize):
    """The conclusion cell: bullets, with the index's headline and answer stored in the output."""
    return fmt.markdown(conclusion(page), headline=headline(page.triangulation), answer=answer(page))
