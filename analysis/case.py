"""The case this project studies, in one place: the dates, tickers, quarter and claims of the August 2023 news that
Tesla would build a "first of its kind" data center, entering a market "worth over $250 billion" led by AWS.

Modules take their defaults from here, and every notebook's parameters cell defaults to these names
(``event_date = case.ANNOUNCEMENT``), so a change here reaches every page, CLI default and claim check. The figures
are the seeds' claims (``data/facts/articles.csv``), not results: the results are computed from ``data/``.
"""

from typing import Literal

# --- the announcement and the event study --------------------------------------------------------------------------
ANNOUNCEMENT = "2023-08-15"  # the seeds' date of Tesla's data-center job posting
SUBJECT = "TSLA"  # the company entering the market
INCUMBENT = "AMZN"  # the market leader the seeds compare it with (AWS's parent)
PEERS = ("MSFT", "GOOGL", "META")  # other cloud and AI incumbents, shown beside the incumbent
BENCHMARK = "SPY"  # market benchmark of the market model
ALT_BENCHMARK = "QQQ"  # the second benchmark (robustness, buy-and-hold comparisons)
CONTRAST_DATE = "2023-09-11"  # a day with known news about Tesla's compute (Morgan Stanley's Dojo note)
LEVEL = 0.05  # two-sided significance level of every test in the prose
INCUMBENTS = (INCUMBENT, *PEERS)  # tested on the subject's news dates in the multi-event study
TICKERS = (SUBJECT, *INCUMBENTS, BENCHMARK, ALT_BENCHMARK)  # the bundled price files

# --- the study design: method defaults, read at call time by the engine, the command line and the notebooks ----------
MODEL = "market"  # normal-return model: market, market-adjusted or constant-mean
ESTIMATION = (-120, -11)  # estimation window, trading days relative to day 0
WINDOW = (-1, 1)  # event window, trading days relative to day 0

# --- the AWS quarter -----------------------------------------------------------------------------------------------
AWS_QUARTER = "2023Q2"  # the quarter the seeds' AWS figures are about
AWS_SALES_USD_BN = 22.1  # claimed AWS net sales in that quarter, USD billion
AWS_YOY_GROWTH = 0.12  # claimed growth over the year-ago quarter
AWS_RESULTS_DATE = "2023-08-04"  # first session after Amazon reported that quarter (after the close on 2023-08-03)

# --- the market-size claim -----------------------------------------------------------------------------------------
MARKET_CLAIM_USD_BN = 250.0  # "worth over $250 billion"
MARKET_CLAIM_RMB_TRILLION = 1.82  # the Chinese seed's figure for the same claim
CLAIM_YEAR = 2023  # the year the claim speaks of (the news is from 2023 and names no year)

Verdict = Literal["supported", "contradicted", "not detected", "unverifiable"]  # "not detected": see methods.power
