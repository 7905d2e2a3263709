"""Page 01 in words: the market-size claim against the estimates, in hindsight, the RMB conversion and Tesla's
share."""

import pandas as pd

from analysis import case
from analysis.fmt import md_text, pct, usd_bn
from analysis.market.sizing import NEAR, BottomUp, RateCheck, Triangulation, latest
from analysis.pages.market_size import MarketSize


def headline(t: Triangulation) -> str:
    """One line for the report index."""
    return (
        f"Market size {t.year}: {t.n} comparable estimates from ${t.low_usd_bn:g}B to ${t.high_usd_bn:g}B, median "
        f"${t.median_usd_bn:g}B, against the ${t.claim_usd_bn:g}B claim."
    )


def verdict(t: Triangulation) -> str:
    """The claim against the comparable estimates, in one paragraph."""
    names = ", ".join(f"{md_text(r.publisher)} {md_text(r.scope)} ${r.value_usd_bn:g}B" for r in t.near.itertuples())
    return (
        f"The ${t.claim_usd_bn:g}B claim is {'within' if t.claim_inside else 'outside'} the range of {t.n} comparable "
        f"{t.year} estimates (${t.low_usd_bn:g}B to ${t.high_usd_bn:g}B, median ${t.median_usd_bn:g}B); "
        f"{len(t.near)} lie within {NEAR:.0%} of it ({names}), so it is a fair order of magnitude for the "
        "market's hardware spending, capex or cloud-infrastructure revenue, but the seeds name no source and no "
        "single definition gives exactly that figure."
    )


def hindsight_verdict(hind: pd.DataFrame, claim: float = case.MARKET_CLAIM_USD_BN) -> str:
    """The claim as of its year and as of the latest year with figures, and how the 2023 projections fared."""
    then = latest(hind, case.CLAIM_YEAR)
    now_year = int(hind.loc[hind["basis"] != "forecast", "year"].max())
    now = latest(hind, now_year)
    low, high = then["value_usd_bn"].min(), then["value_usd_bn"].max()
    if low <= claim <= high:
        as_then = f'"over {usd_bn(claim, 0)}" sat inside that range: a fair snapshot'
    else:
        as_then = f"the claim lay {'below' if claim < low else 'above'} all of them"
    ratio = now["value_usd_bn"] / claim
    listing = "; ".join(
        f"{md_text(r.publisher)} {md_text(r.scope)} {usd_bn(r.value_usd_bn, 0)}"
        + (" (derived)" if r.confidence == "derived" else "")
        for r in now.itertuples()
    )
    scored = hind.dropna(subset=["projection_2023_usd_bn"])
    scored = latest(scored, int(scored["year"].max())) if not scored.empty else scored
    errors = scored["projection_error"]
    fared = "fell short" if (errors > 0).all() else "overshot" if (errors < 0).all() else "missed both ways"
    missed = "; ".join(
        f"{md_text(r.publisher)} projected {usd_bn(r.projection_2023_usd_bn)} for {r.year} "
        f"({md_text(r.projection_vintage)}), the "
        f"outcome was {usd_bn(r.value_usd_bn)} ({pct(r.projection_error)})"
        for r in scored.itertuples()
    )
    trend = "understated the market" if ratio.min() > 1 else "overstated it" if ratio.max() < 1 else "was in range"
    return (
        f"As of {case.CLAIM_YEAR} the same measures stood at {usd_bn(low)} to {usd_bn(high)}; {as_then}. "
        f"As of {now_year}: "
        f"{listing}, {ratio.min():.1f}× to {ratio.max():.1f}× the claim. "
        + (f"The projections made in 2023 {fared}: {missed}. " if missed else "")
        + f"The figure was a snapshot of its time, not a forecast, and by {now_year} it {trend}."
    )


def conversion_verdict(conv: pd.DataFrame) -> str:
    """One sentence on which rate reproduces the seed's conversion."""
    rmb = case.MARKET_CLAIM_RMB_TRILLION
    implied = rmb * 1000 / case.MARKET_CLAIM_USD_BN
    match = "; ".join(f"{r.metric} {r.period} ({r.rate:g})" for r in conv[conv["rounds_to_claim"]].itertuples())
    miss = "; ".join(
        f"{r.metric} {r.period} ({r.rate:g}, giving {r.rmb_trillion:.2f})"
        for r in conv[~conv["rounds_to_claim"]].itertuples()
    )
    return (
        f"{rmb:g} trillion RMB / ${case.MARKET_CLAIM_USD_BN:g}B implies {implied:.2f} CNY per USD. "
        f"Rates that reproduce {rmb:g} trillion: {match or 'none in the data'}. Rates that do not: {miss or 'none'}."
    )


def describe_share(need: pd.Series, market_usd_bn: float, capex_usd_bn: float) -> str:
    """One sentence on the scenario result."""
    total = need.sum()
    return (
        f"Under these assumptions Tesla's own data-center need is about ${total:.2f}B a year, "
        f"{pct(total / market_usd_bn, 2, signed=False)} of a ${market_usd_bn:g}B market and "
        f"{pct(total / capex_usd_bn, 1, signed=False)} of its 2023 capital expenditure (${capex_usd_bn:g}B); "
        f"the largest component is {need.idxmax()} (${need.max():.2f}B). A scenario, not a measurement."
    )


def scopes(t: Triangulation) -> str:
    """The verdict, and which scopes lie wholly below or above the claim."""
    return (
        f"**Verdict.** {verdict(t)}\n\n"
        f"Scopes whose {t.year} estimates all lie below the claim: {', '.join(t.scopes_below) or 'none'}. "
        f"Scopes whose estimates all lie above it: {', '.join(t.scopes_above) or 'none'}."
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


def projection(fan: pd.DataFrame, to_year: int, check: RateCheck) -> str:
    """Where the projection scenarios end, and whether a publisher's stated rate reproduces its own forecast."""
    return (
        f"In {to_year} the scenarios give {', '.join(usd_bn(v, 0) for v in fan.loc[to_year])} (low to high). "
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


def conclusion(
    t: Triangulation,
    bu: BottomUp,
    fan: pd.DataFrame,
    to_year: int,
    conv: pd.DataFrame,
    need: pd.Series,
    capex_usd_bn: float,
    hind: pd.DataFrame,
) -> str:
    """Page 01's answer in bullets."""
    return (
        f"- {verdict(t)}\n"
        f"- Bottom-up, cloud-infrastructure services alone brought {usd_bn(bu.ttm_usd_bn)} in the "
        f"twelve months to {bu.quarter} ({pct(bu.ttm_usd_bn / t.claim_usd_bn - 1)} against the claim) and "
        f"{usd_bn(bu.year_usd_bn)} in {bu.year}.\n"
        f"- Under published growth rates the market reaches {usd_bn(fan.loc[to_year].min(), 0)} to "
        f"{usd_bn(fan.loc[to_year].max(), 0)} by {to_year}.\n"
        f"- {conversion_verdict(conv)}\n"
        f"- {describe_share(need, t.median_usd_bn, capex_usd_bn)}\n"
        f"- In hindsight: {hindsight_verdict(hind, t.claim_usd_bn)}"
    )


def page_conclusion(page: MarketSize) -> str:
    """Page 01's answer in bullets, from its typed result."""
    return conclusion(
        page.triangulation, page.bottom_up, page.projection, page.projection_to, page.conversion, page.need,
        page.capex_usd_bn, page.hindsight,
    )  # fmt: skip
