"""analysis.fmt: numbers and Markdown for people."""

from analysis import fmt


def test_formatting():
    assert fmt.pct(0.1234) == "+12.3%" and fmt.pct(-0.5, 0, signed=False) == "-50%"
    assert fmt.pp(0.137) == "+13.7 pp" and fmt.usd_bn(22.1) == "$22.1B"
    assert fmt.markdown("costs $5").data == r"costs \$5"
