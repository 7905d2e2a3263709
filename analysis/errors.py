"""The one exception family a user sees as a single line (the CLI prints it, never a traceback)."""


class UserError(Exception):
    """Bad input or bad data that the user can fix; the message says what and where."""


class DataError(UserError):
    """A data file is missing, corrupt or inconsistent."""
