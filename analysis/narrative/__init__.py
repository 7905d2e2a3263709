"""Typed results into sentences, one module per page: every sentence a notebook shows that depends on a result
or a parameter is built here (``narrative.overview`` page 00, ``.market`` 01, ``.aws`` 02, ``.event`` 03,
``.compute`` 04), so a rerun with other values reads correctly and no number is typed into prose."""

from analysis.narrative import aws, compute, event, market, overview

__all__ = ["aws", "compute", "event", "market", "overview"]
