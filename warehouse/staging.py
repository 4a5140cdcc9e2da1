"""Build the next state of the warehouse apart, then publish it with one atomic rename.

DuckDB lets one process write a file and no one else open it meanwhile. So a run copies the warehouse
to `<name>.next`, does all its writing there, and replaces the file in one `rename`: readers are never
locked out, a reader that is open keeps the state it opened (its file lives on until it closes), and a
run that dies leaves the warehouse exactly as it was — the next run starts again from it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb


def staging_path(database: Path) -> Path:
    return database.with_name(database.name + ".next")


def start_staging(database: Path) -> Path:
    """A fresh working copy of the warehouse (or no file, for a warehouse yet to be made)."""
    staged = staging_path(database)
    for leftover in (staged, staged.with_name(staged.name + ".wal")):
        leftover.unlink(missing_ok=True)  # a dead run's work: it never became the warehouse
    if database.exists():
        shutil.copyfile(database, staged)
    return staged


def publish_staged(database: Path) -> None:
    """Make the working copy the warehouse: checkpointed, flushed to disk, renamed over the old file."""
    staged = staging_path(database)
    with duckdb.connect(str(staged)) as con:
        con.execute("checkpoint")  # everything in the file itself, nothing left in a .wal beside it
    with staged.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(staged, database)
    directory = os.open(database.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def discard_staged(database: Path) -> None:
    staged = staging_path(database)
    for leftover in (staged, staged.with_name(staged.name + ".wal")):
        leftover.unlink(missing_ok=True)
