"""The case in one place: notebooks' parameters default to ``analysis.case``, papermill reads every parameter line,
and the claim checks follow the case's values."""

import re

import nbformat
import pytest

from analysis import case
from analysis.narrative import claims
from analysis.report import execute
from analysis.report import parameters as notebook_parameters


@pytest.mark.parametrize("path", execute.notebooks(), ids=lambda p: p.stem)
def test_every_parameter_line_is_read_and_case_names_resolve(path):
    nb = nbformat.read(path, as_version=4)
    [cell] = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assigned = re.findall(r"^(\w+) = (.*?)(?:  #.*)?$", cell.source, re.M)
    defaults = notebook_parameters.notebook_defaults(path)
    assert sorted(defaults) == sorted(name for name, _ in assigned), "papermill skipped a parameter line"
    for name, text in assigned:
        if text.startswith("case."):
            value = getattr(case, text.removeprefix("case."))
            assert defaults[name] == (list(value) if isinstance(value, tuple) else value), name


def test_the_case_is_the_default_of_the_pages_that_use_it():
    by_page = {p.stem[:2]: notebook_parameters.notebook_defaults(p) for p in execute.notebooks()}
    assert by_page["03"]["event_date"] == by_page["00"]["anchor_date"] == case.ANNOUNCEMENT
    assert by_page["04"]["drop"] == [case.ANNOUNCEMENT] and by_page["04"]["ticker"] == case.SUBJECT
    assert by_page["02"]["quarter"] == case.AWS_QUARTER and by_page["01"]["claim_usd_bn"] == case.MARKET_CLAIM_USD_BN


@pytest.mark.parametrize("text", ["__import__('os').system('true')", "case.__class__", "open('x')", "case.nothing"])
def test_a_default_is_a_literal_or_a_case_name_and_nothing_else(text):
    with pytest.raises(ValueError):
        notebook_parameters.default_value(text)


def test_default_values_resolve_inside_literals():
    assert notebook_parameters.default_value("[case.SUBJECT, 'X']") == [case.SUBJECT, "X"]
    assert notebook_parameters.default_value("case.PEERS") == list(case.PEERS)
    assert notebook_parameters.default_value("{'a': (1, 2)}") == {"a": [1, 2]}


def test_claim_checks_follow_the_case(monkeypatch):
    assert claims.announcement_date().verdict == "contradicted"  # first reported 2023-08-14, the seeds say 08-15
    monkeypatch.setattr(case, "ANNOUNCEMENT", "2023-08-14")
    assert claims.announcement_date().verdict == "supported"
    monkeypatch.setattr(case, "AWS_SALES_USD_BN", 25.0)
    assert claims.aws_sales().verdict == "contradicted" and claims.aws_growth().verdict == "supported"
