"""analysis.fmt: numbers and Markdown for people."""

from analysis import fmt


def test_formatting():
    assert fmt.pct(0.1234) == "+12.3%" and fmt.pct(-0.5, 0, signed=False) == "-50%"
    assert fmt.pp(0.137) == "+13.7 pp" and fmt.usd_bn(22.1) == "$22.1B"
    assert fmt.markdown("costs $5").data == r"costs \\$5"  # see test_dollars_stay_text
    assert fmt.plain_dollars(fmt.inert_dollars("a $5 and $6")) == r"a \$5 and \$6"


def test_dollars_stay_text_in_nbconvert_with_mathjax():
    """nbconvert's Markdown (the renderer of a plain `nbconvert --to html` page, whose MathJax uses processEscapes)
    gives every inert dollar as an escaped one, so no inline formula can open; the report's plain form gives '$'."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    text = "The $250B claim: 3 estimates from $222B to $324B, so $5 and $6."
    html = markdown2html_mistune(fmt.inert_dollars(text))
    assert html.count("\\$") == 5 and "<span class=\"math" not in html
    assert "$222B to $324B" in markdown2html_mistune(fmt.plain_dollars(fmt.inert_dollars(text)))
