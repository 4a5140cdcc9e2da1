"""Read untrusted files in worker processes, so that a file which crashes its parser cannot crash the run.

The spreadsheet parser is native code: a hostile workbook (a sheet claiming the whole Excel grid, a
corrupt record) can make it abort the process or exhaust memory, beyond the reach of `except`. Each file
is therefore read in a worker process with a memory ceiling and a time limit; a worker that dies or hangs
becomes that file's rejection, and the pool is rebuilt for the next file.

Files are read in parallel, one per core. When a worker dies mid-batch the pool cannot tell which file
killed it (every unfinished file's future fails alike), so the files left unfinished are read again one at
a time in a fresh pool, where a death has exactly one culprit.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.util
import os
import resource
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from warehouse.cycle_collector import import_in_bulk

WORKER_MEMORY_BYTES = 3 * 1024**3  # a monthly workbook needs well under 500 MB to read
WORKER_SECONDS = 300
PARENT_CHECK_SECONDS = 1.0
WORKERS = max(1, min(4, os.cpu_count() or 1))  # reading is CPU-bound; more workers than cores only costs memory

T = TypeVar("T")
_pool: ProcessPoolExecutor | None = None


class WorkerDied(RuntimeError):
    """The worker reading a file crashed, ran out of memory or time."""


def _limit_worker(warm_up: str | None) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES))
    # A run killed outright (SIGKILL, a cancelled deployment run) cannot shut its pool down, and a worker
    # waiting for work never notices: it leaves when its parent does.
    threading.Thread(target=_exit_with, args=(os.getppid(),), name="exit-with-parent", daemon=True).start()
    if warm_up:
        import_in_bulk(warm_up)  # the readers' imports, paid while the parent still starts up


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _workers(warm_up: str | None = None) -> ProcessPoolExecutor:
    global _pool
    if _pool is None:
        # spawn, not fork: the parent runs threads (Prefect, DuckDB) that a fork would copy mid-flight
        _pool = ProcessPoolExecutor(
            WORKERS,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_limit_worker,
            initargs=(warm_up,),
        )
    return _pool


def _stop_workers() -> None:
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)


# The interpreter stops idle workers at exit, but a process that multiprocessing started (Prefect's runner runs
# each scheduled flow run in one) first waits for its children, these workers included, and would wait forever.
# It runs these finalizers before it waits: this one ahead of those that close the pool's own queues (priority
# 10), through which the workers are told to stop.
multiprocessing.util.Finalize(None, _stop_workers, exitpriority=100)


def start_workers(warm_up: str, count: int = WORKERS) -> None:
    """Start the workers now, importing module `warm_up`, so that their start-up overlaps the caller's;
    nothing to do when they are already running."""
    if _pool is not None:
        return
    pool = _workers(warm_up)
    for _ in range(count):
        pool.submit(int)  # a worker process is spawned per task waiting for one


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


def map_isolated(
    function: Callable[..., T], calls: Sequence[tuple[object, ...]], seconds: float = WORKER_SECONDS
) -> list[T | BaseException]:
    """`function(*args)` for each args of `calls`, in parallel worker processes, results in the same order.

    An exception a call raises is returned in its place; so is WorkerDied for a call whose worker died or
    ran longer than `seconds`. A call never costs another call its result.
    """
    futures = [_workers().submit(function, *args) for args in calls]
    results: list[T | BaseException | None] = [None] * len(calls)
    unfinished: list[int] = []
    for index, future in enumerate(futures):
        if unfinished:  # the pool was lost: what it had not finished is read again below, one by one
            if future.done() and not future.cancelled() and not isinstance(future.exception(), BrokenProcessPool):
                results[index] = _outcome(future)
            else:
                unfinished.append(index)
            continue
        try:
            results[index] = _outcome(future, seconds)
        except (BrokenProcessPool, FutureTimeout):
            _discard_workers()
            unfinished.append(index)
    for index in unfinished:
        try:
            results[index] = run_isolated(function, *calls[index], seconds=seconds)
        except Exception as exc:
            results[index] = exc
    return results  # type: ignore[return-value]


def _outcome(future: Future[T], seconds: float | None = None) -> T | BaseException:
    """The future's result or the exception its call raised; the pool's own failures propagate."""
    try:
        return future.result(timeout=seconds)
    except (BrokenProcessPool, FutureTimeout):
        raise
    except Exception as exc:
        return exc
