"""The one exception family a user sees as a single line (the CLI prints it, never a traceback)."""


class UserError(Exception):
    """Bad input or bad data that the user can fix; the message says what and where."""


class DataError(UserError):
    """A data file is missing, corrupt or inconsistent."""


def fail_at(where: str, mask, problem, label=None) -> None:
    """Raise a DataError for the first row flagged in ``mask``, as '<where> line N (<label>): <problem>'.

    The file line is the row position + 2 (after the header). ``problem`` and ``label`` may be functions of the
    row position, to quote the offending cell; without ``label`` the parentheses are left out.
    """
    flagged = mask.to_numpy().nonzero()[0] if hasattr(mask, "to_numpy") else mask.nonzero()[0]
    if len(flagged):
        pos = int(flagged[0])
        at = f" ({label(pos)})" if label else ""
        raise DataError(f"{where} line {pos + 2}{at}: {problem(pos) if callable(problem) else problem}")


def quoted(text: object) -> str:
    """User text as a message quotes it: in full up to 40 characters, else its start and its length."""
    text = str(text)
    return repr(text) if len(text) <= 40 else f"{text[:20]!r}… ({len(text):,} characters)"
