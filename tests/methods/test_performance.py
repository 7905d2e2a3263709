"""Rebasing, returns since a date, drawdowns and formatting, against hand calculations."""

import numpy as np
import pandas as pd
import pytest

from analysis.data.errors import UserError
from analysis.methods import performance


def _closes():
    days = pd.to_datetime(["2023-08-11", "2023-08-15", "2023-08-16", "2023-08-17", "2023-08-18"])
    return pd.DataFrame({"A": [10.0, 12.0, 9.0, 15.0, 13.5], "B": [100.0, 100.0, 110.0, 99.0, 121.0]}, index=days)


def test_rebase_and_anchor_on_or_after():
    rebased = performance.rebase(_closes(), "2023-08-15")
    assert rebased.index[0] == pd.Timestamp("2023-08-15")
    assert rebased["A"].tolist() == pytest.approx([100, 75, 125, 112.5])
    assert performance.anchor_session(_closes(), "2023-08-13") == pd.Timestamp("2023-08-15")


def test_max_drawdown_by_brute_force():
    path = pd.Series([10.0, 12.0, 9.0, 15.0, 13.5, 6.0, 20.0])
    worst = min(path[j] / path[i] - 1 for i in range(len(path)) for j in range(i, len(path)))
    assert performance.max_drawdown(path) == pytest.approx(worst)


def test_since_returns_excess_and_volatility():
    table = performance.since(_closes(), "2023-08-15", ("B", "B"))
    assert table.loc["A", "return"] == pytest.approx(13.5 / 12 - 1)
    assert table.loc["A", "excess_vs_B"] == pytest.approx((13.5 / 12 - 1) - (121 / 100 - 1))
    daily = np.array([9 / 12, 15 / 9, 13.5 / 15]) - 1
    assert table.loc["A", "annualised_vol"] == pytest.approx(daily.std(ddof=1) * np.sqrt(252))
    assert table.loc["B", "max_drawdown"] == pytest.approx(99 / 110 - 1)


def test_date_outside_data():
    with pytest.raises(UserError, match="outside the price data"):
        performance.rebase(_closes(), "2024-01-02")
