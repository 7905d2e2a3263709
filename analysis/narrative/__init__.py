"""Typed results into sentences, one module per page: every sentence a notebook shows that depends on a result
or a parameter is built here (``narrative.market`` page 01, ``narrative.aws`` 02, ``narrative.event`` 03,
``narrative.compute`` 04), so a rerun with other values reads correctly and no number is typed into prose."""

from analysis.narrative import aws, compute, event, market

__all__ = ["aws", "compute", "event", "market"]
