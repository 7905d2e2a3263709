"""Page 01 in words: the market-size claim against the estimates, in hindsight, the RMB conversion and Tesla's
share."""

import pandas as pd

from analysis import case
from analysis.fmt import md_text, pct, usd_bn
from analysis.sizing import NEAR, Triangulation, latest


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
