"""The one renderer of a result: titled tables of display strings, as terminal text or as Markdown.

Results (``eventstudy.Study``, ``caar.Aggregate``) build a :class:`Summary` in their ``summary()``; ``str()`` gives
the terminal form and a notebook shows ``_repr_markdown_`` (every cell escaped), as statsmodels' results do.
"""

from dataclasses import dataclass, field

import pandas as pd

from analysis import fmt


@dataclass
class Summary:
    """A title, then sections (a heading and a table of display strings each), then notes."""

    title: str
    sections: list[tuple[str, pd.DataFrame]]
    notes: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        parts = [self.title]
        for heading, table in self.sections:
            parts += [heading, table.to_string(index=False)] if heading else [table.to_string(index=False)]
        parts += self.notes
        return "\n\n".join(parts)

    def _repr_markdown_(self) -> str:
        parts = [fmt.md_text(self.title)]
        for heading, table in self.sections:
            parts += [f"**{fmt.md_text(heading)}**", fmt.md_table(table)] if heading else [fmt.md_table(table)]
        parts += [fmt.md_text(n) for n in self.notes]
        return "\n\n".join(parts)
