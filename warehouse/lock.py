"""One writer at a time: runs of the ingestion queue behind each other instead of interleaving writes.

DuckDB itself refuses a second writing process; the lock makes the second run wait its turn (up to a
limit) rather than fail halfway.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WarehouseBusy(RuntimeError):
    """Another run held the warehouse for longer than this run was willing to wait."""


@contextmanager
def writer_lock(lock_file: Path, wait_seconds: float = 3600, poll_seconds: float = 0.5) -> Iterator[None]:
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with lock_file.open("a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(f"another run has held {lock_file} for over {wait_seconds:.0f} s") from None
                time.sleep(poll_seconds)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
