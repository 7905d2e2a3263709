"""The one renderer of a result: titled tables of display strings, as terminal text or as Markdown.

Results (``eventstudy.Study``, ``caar.Aggregate``) return a :class:`Summary` from ``summary()``; ``str()`` gives the
terminal form and a notebook shows ``_repr_markdown_`` (every cell escaped), as statsmodels' results do. The tables
are built when first rendered, so asking a study of a million pairs for its summary costs nothing until shown.
"""

from collections.abc import Callable
from functools import cached_property

import pandas as pd

from analysis import fmt

Parts = tuple[str, list[tuple[str, pd.DataFrame]], list[str]]  # title, (heading, table) sections, notes


class Summary:
    """A title, then sections (a heading and a table of display strings each), then notes."""

    def __init__(self, build: Callable[[], Parts]):
        self._build = build

    @cached_property
    def parts(self) -> Parts:
        """The title, sections and notes, built on first use."""
        return self._build()

    def __str__(self) -> str:
        title, sections, notes = self.parts
        out = [title]
        for heading, table in sections:
            out += [heading, table.to_string(index=False)] if heading else [table.to_string(index=False)]
        return "\n\n".join(out + notes)

    def _repr_markdown_(self) -> str:
        title, sections, notes = self.parts
        out = [fmt.md_text(title)]
        for heading, table in sections:
            out += [f"**{fmt.md_text(heading)}**", fmt.md_table(table)] if heading else [fmt.md_table(table)]
        return fmt.inert_dollars("\n\n".join(out + [fmt.md_text(n) for n in notes]))
