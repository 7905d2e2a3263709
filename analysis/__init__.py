"""Market analysis of Tesla's August 2023 entry into the data-center business.

Importing this package reads nothing and opens no network connection; yfinance is imported only by
:func:`analysis.data.refresh.refresh` when a user asks for fresh data.
"""

__version__ = "0.1.0"
