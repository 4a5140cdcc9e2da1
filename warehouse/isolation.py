"""Read untrusted files in worker processes, so that a file which crashes its parser cannot crash the run.

The spreadsheet parser is native code: a hostile workbook (a sheet claiming the whole Excel grid, a
corrupt record) can make it abort the process or exhaust memory, beyond the reach of `except`. Each file
is therefore read in a worker process with a memory ceiling and a time limit; a worker that dies or hangs
becomes that file's rejection, and the pool is rebuilt for the next file.
"""

from __future__ import annotations

import multiprocessing
import resource
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

WORKER_MEMORY_BYTES = 3 * 1024**3  # a monthly workbook needs well under 500 MB to read
WORKER_SECONDS = 300
WORKERS = 2

T = TypeVar("T")
_pool: ProcessPoolExecutor | None = None


class WorkerDied(RuntimeError):
    """The worker reading a file crashed, ran out of memory or time."""


def _limit_worker() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))


def _workers() -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # spawn, not fork: the parent runs threads (Prefect, DuckDB) that a fork would copy mid-flight
        _pool = ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("spawn"), initializer=_limit_worker)
    return _pool


def _discard_workers() -> None:
    global _pool
    if _pool is not None:
        for process in list(getattr(_pool, "_processes", {}).values()):
            process.kill()  # a hung worker does not answer shutdown
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None


def run_isolated(function: Callable[..., T], *args: object, seconds: float = WORKER_SECONDS) -> T:
    """`function(*args)` in a worker process; exceptions it raises come back as they are."""
    future = _workers().submit(function, *args)
    try:
        return future.result(timeout=seconds)
    except BrokenProcessPool as exc:
        _discard_workers()
        raise WorkerDied(
            f"the reader's process died (a parser crash, or more than {WORKER_MEMORY_BYTES // 1024**3} GB of memory)"
        ) from exc
    except FutureTimeout as exc:
        _discard_workers()
        raise WorkerDied(f"the reader took longer than {seconds:.0f} s") from exc
