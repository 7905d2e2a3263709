"""Advisory file locks: one report build per output folder, and no build reading prices while a refresh writes.

``fcntl.flock`` locks vanish with the process that holds them, so a killed build or refresh leaves nothing stale.
"""

import fcntl
import hashlib
import tempfile
from contextlib import contextmanager
from pathlib import Path

from analysis.data import paths
from analysis.data.errors import UserError


@contextmanager
def held(path: Path, shared: bool = False, wait: bool = True, busy: str = ""):
    """Hold a lock on ``path`` (created if needed) for the block; without ``wait``, a held lock is a UserError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        try:
            fcntl.flock(handle, mode if wait else mode | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UserError(busy or f"{paths.relative(path)} is locked by another process") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def data_lock(folder: Path | None = None) -> Path:
    """The lock that refresh takes to write a price folder and a report build takes (shared) to read it; kept in
    the system's temporary folder under a name derived from the price folder, so that neither the data folder nor
    the checkout (which may be read-only) changes."""
    name = hashlib.sha1(str(paths.price_folder(folder).resolve()).encode()).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / "tesla-dc-locks" / f"prices-{name}.lock"
