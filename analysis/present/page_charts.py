"""The charts of pages 01 and 04 with their titles, so that a notebook cell is one call."""

from analysis.pages.compute import Story
from analysis.pages.market_size import MarketSize
from analysis.present import charts


def bottom_up(page: MarketSize):
    """Cloud-infrastructure revenue of the claim's year by quarter and provider."""
    return charts.stacked_split(
        page.bottom_up.split_usd_bn,
        f"Cloud-infrastructure services revenue by quarter, {page.year} (Synergy totals × shares)",
    )


def projection(page: MarketSize):
    """The projection fan with the figures measured since."""
    return charts.fan(
        page.projection,
        f"Market size projected from the {page.year} median, with the figures measured since, USD billion",
        *page.projection_ends,
        actuals=page.actuals,
    )


def tornado(page: MarketSize):
    """Tesla's share when one assumption moves to its low or high case."""
    title = "Sensitivity: Tesla's share of the market when one assumption moves to its low or high case"
    return charts.tornado(page.tornado, title)


def timeline(story: Story):
    """The subject and its benchmarks with the milestones."""
    names = [story.ticker, *[b for b in story.bhar_benchmarks if b != story.ticker]]
    title = f"{story.ticker} and its benchmarks with {len(story.milestones)} compute milestones"
    return charts.milestone_timeline(story.levels[names], story.milestones, title)


def forest(story: Story):
    """Each milestone's CAR over the main window with its interval."""
    a, z = story.main.window
    return charts.forest(story.forest(), f"{story.ticker}: CAR of each milestone over days {a:+d}..{z:+d}")


def volume_paths(story: Story):
    """The average abnormal log volume around the milestones."""
    title = f"{story.ticker}: average abnormal log volume around the milestones (cumulated)"
    return charts.caar_paths(story.volume_paths, title, unit="log points", what="log volume")


def bhar(story: Story):
    """Buy-and-hold abnormal returns from each milestone to the next."""
    title = f"{story.ticker}: buy-and-hold abnormal return from each milestone to the next"
    return charts.bhar_bars(story.holding, story.bhar_benchmarks, title, list(story.milestones["number"]))
