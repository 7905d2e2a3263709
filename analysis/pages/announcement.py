"""Page 03: the event study of the announcement: day 0 and its news, prices around it, abnormal returns of the
subject, the incumbent and peers, their abnormal volume and volatility, the robustness grid, confounding news, a
contrast event, and the long run."""

from dataclasses import dataclass

import pandas as pd

from analysis.data import facts, prices, sessions
from analysis.market import timeline
from analysis.methods import eventstudy, performance, snapshot
from analysis.methods.spec import Spec
from analysis.methods.volatility import Volatility, beaver
from analysis.pages import checks

ROBUST_SHIFTS = [-1, 0, 2]  # sessions around day 0 tested when no dates are given
ROBUST_WINDOWS = [(0, 0), (-1, 1), (0, 5), (-5, 5)]
NEAR_DAYS = 7  # calendar days either side of day 0 whose news is listed


@dataclass
class Announcement:
    """Everything page 03 shows."""

    requested: str
    spec: Spec
    benchmark: str
    tickers: list[str]  # subject and incumbent
    main: eventstudy.Study  # subject, incumbent and peers on the event window
    label: str  # the news of day 0, or the date when there is none
    around: pd.DataFrame  # total-return index rebased to 100 on day -1, plotted days
    wide: eventstudy.Study  # subject and incumbent over the plotted days
    dates: list[str]  # event dates of the robustness grid
    grid: pd.DataFrame  # one row per ticker, date, benchmark, window and model
    near: pd.DataFrame  # events.csv rows within NEAR_DAYS of day 0
    window_days: pd.DatetimeIndex
    others: pd.DataFrame  # confounding news inside the event window
    contrast_day0: pd.Timestamp
    contrast_label: str
    contrast: list[eventstudy.EventResult]  # the contrast event on day 0 alone and on the page's window
    since: pd.DataFrame  # from day 0 to the last close
    long_run: pd.DataFrame  # rebased to 100 on day 0
    later: pd.DataFrame  # later company events, for the long-run chart
    volume: list[eventstudy.EventResult]  # abnormal log volume of the subject and the incumbent on the page's window
    volatility: dict[str, Volatility]  # Beaver's test on each one's standardized abnormal returns

    @property
    def volume_spec(self) -> Spec:
        """The volume study's spec: the page's, with the market model where the page uses market-adjusted."""
        return volume_spec(self.spec)

    @property
    def day0(self) -> pd.Timestamp:
        return pd.Timestamp(self.main.results[0].day0)


def volume_spec(spec: Spec) -> Spec:
    """Levels of volume take the market or constant-mean model; market-adjusted becomes market."""
    return Spec("market" if spec.model == "market-adjusted" else spec.model, spec.estimation, spec.window)


def grid(
    tickers: list[str],
    dates: list[str],
    benchmarks: list[str],
    windows: list[tuple[int, int]] = ROBUST_WINDOWS,
    estimation: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """The robustness grid (every date, benchmark, window and model) with a ``window`` label column."""
    table = snapshot.robustness(tickers, dates, benchmarks, [tuple(w) for w in windows], estimation=estimation)
    table["window"] = [f"{a:+d}..{b:+d}" for a, b in zip(table["window_start"], table["window_end"], strict=True)]
    return table


def robust_dates(day0: pd.Timestamp) -> list[str]:
    """The default dates of the grid: the session before day 0, day 0 and two sessions after."""
    return [str(d.date()) for d in sessions.shifted(day0, ROBUST_SHIFTS)]


def analyse(
    event_date: str,
    tickers: list[str],
    peers: list[str],
    benchmark: str,
    alt_benchmark: str,
    spec: Spec,
    robust_dates_: list[str],
    robust_windows: list[list[int]],
    contrast_date: str,
    plot_days: list[int],
) -> Announcement:
    """Page 03 from the bundled data."""
    checks.announcement(event_date, tickers, peers, benchmark, alt_benchmark, spec.model, spec.estimation, spec.window,
                        robust_dates_, robust_windows, contrast_date, plot_days)  # fmt: skip
    main = snapshot.run([*tickers, *peers], event_date, benchmark, spec)
    day0 = pd.Timestamp(main.results[0].day0)
    timed = timeline.timed()
    names = list(dict.fromkeys([*tickers, benchmark, alt_benchmark]))
    levels = prices.total_return_index(names)
    wide = snapshot.run(tickers, event_date, benchmark, Spec(spec.model, spec.estimation, tuple(plot_days)))
    dates = robust_dates_ or robust_dates(day0)
    window_days = pd.DatetimeIndex(main.daily[main.daily["ticker"] == tickers[0]]["date"])
    contrast_day0 = performance.anchor_session(levels, contrast_date)
    contrast = [
        snapshot.run([tickers[0]], contrast_date, benchmark, Spec(spec.model, spec.estimation, w)).results[0]
        for w in [(0, 0), spec.window]
    ]
    events = facts.events()
    pairs = list(main.table["ticker"])
    volatility = {
        t: beaver(main.arrays.take([pairs.index(t)]).sar, main.arrays.dof, main.arrays.rel) for t in tickers[:2]
    }
    return Announcement(
        requested=event_date,
        spec=spec,
        benchmark=benchmark,
        tickers=list(tickers),
        main=main,
        label=timeline.day0_label(timed, day0, tickers[0]),
        around=performance.rebased_window(levels, str(day0.date()), plot_days[0], plot_days[1]),
        wide=wide,
        dates=dates,
        grid=grid(tickers, dates, [benchmark, alt_benchmark], robust_windows, spec.estimation),
        near=timeline.news_near(events, day0, NEAR_DAYS),
        window_days=window_days,
        others=timeline.news_in_window(timed, window_days, tickers),
        contrast_day0=contrast_day0,
        contrast_label=timeline.day0_label(timed, contrast_day0, tickers[0], 120),
        contrast=contrast,
        since=performance.since(levels, day0, (benchmark, alt_benchmark), closes=prices.panel(names)),
        long_run=performance.rebase(levels, day0),
        later=events[(events["date"] > day0) & events["kind"].isin(timeline.COMPUTE_KINDS)].reset_index(drop=True),
        volume=snapshot.run_volume(tickers[:2], event_date, benchmark, volume_spec(spec)).results,
        volatility=volatility,
    )
