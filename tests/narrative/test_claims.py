"""The claims ledger: verdicts computed from the data, consistent with the pages that hold the checks, every seed
claim covered, and the seed articles listed with their sources."""

import re

import nbformat
import pytest

from analysis.data import facts, paths
from analysis.narrative import claims
from analysis.present import page_tables


@pytest.fixture(scope="module")
def ledger():
    return claims.ledger()


def test_every_claim_has_a_verdict_evidence_and_a_page(ledger):
    assert set(ledger["verdict"]) <= {claims.SUPPORTED, claims.CONTRADICTED, claims.NOT_DETECTED, claims.UNVERIFIABLE}
    assert (ledger["evidence"].str.len() > 10).all()
    for name in ledger["notebook"]:
        assert (paths.NOTEBOOKS / f"{name}.ipynb").exists(), name


def test_the_sacramento_claim_is_checked_against_a_sourced_fact(ledger):
    row = ledger[ledger["check"] == "sacramento"].iloc[0]
    assert row["verdict"] == claims.SUPPORTED and "The Information" in row["evidence"]
    assert row["source"].count("https://") >= 2


def test_ledger_counts_match_page_03(ledger):
    """The ledger quotes the same robustness counts as notebook 03 shows with its default parameters."""
    nb = nbformat.read(paths.NOTEBOOKS / "03_announcement_event_study.ipynb", as_version=4)
    page = "\n".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells for o in c.get("outputs", []))
    evidence = ledger[ledger["check"] == "market_reaction"].iloc[0]["evidence"]
    for ticker in ("TSLA", "AMZN"):
        on_page = re.search(rf"\*\*{ticker}\*\*: (\d+) of (\d+) specifications", page).groups()
        in_ledger = re.search(rf"{ticker} (\d+) of (\d+) specifications", evidence).groups()
        assert on_page == in_ledger, ticker


def test_the_reaction_claim_reads_as_page_03_reads_its_intervals(ledger):
    """C07 rests on page 03's test: 'not detected' there (no interval excludes zero) is 'not detected' here, never
    'contradicted'; the evidence quotes each interval and the smallest detectable CAR."""
    nb = nbformat.read(paths.NOTEBOOKS / "03_announcement_event_study.ipynb", as_version=4)
    page = "\n".join(o.get("data", {}).get("text/markdown", "") for c in nb.cells for o in c.get("outputs", []))
    row = ledger[ledger["check"] == "market_reaction"].iloc[0]
    found_on_page = "excludes zero, so the news of day 0" in page
    assert "Neither stock shows a reaction the test can detect" in page or found_on_page
    assert row["verdict"] == (claims.SUPPORTED if found_on_page else claims.NOT_DETECTED)
    for ticker in ("TSLA", "AMZN"):
        interval = re.search(rf"\*\*{ticker}\*\*: CAR [^,]+ around [-0-9]+, 95% interval (\S+ to \S+) ", page).group(1)
        assert f"95% interval {interval};" in row["evidence"], ticker
    assert "smallest CAR this test finds with 80% power" in row["evidence"]


def test_every_seed_is_listed_with_its_article_and_cited_seeds_exist(ledger):
    folder = paths.ROOT.parent / "shared" / "seeds"
    if not folder.is_dir():
        pytest.skip(f"the seed articles are not beside the project ({folder}); CI has them")
    articles = facts.articles()
    seeds = {p.name for p in folder.glob("0*.txt")}
    assert len(seeds) == 5 and set(articles["file"]) == seeds
    cited = {s.strip() for cell in ledger["seeds"] for s in cell.split(";")}
    assert cited <= set(articles["file"])
    table = page_tables.ledger(ledger)
    assert "[004](https://it.benzinga.com/" in table and "| 000, [001](http" in table  # 000 has no address


def test_articles_refuse_a_non_http_address(tmp_path):
    from analysis.data.errors import DataError

    bad = tmp_path / "articles.csv"
    bad.write_text((paths.FACTS / "articles.csv").read_text().replace("https://it.benzinga.com", "javascript:x//", 1))
    with pytest.raises(DataError, match="is not an http"):
        facts.articles(bad)
