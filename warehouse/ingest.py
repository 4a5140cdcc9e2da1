"""The steps of an ingestion run as plain functions: find release files, read them, load them.

flows/monthly_ingest.py strings these together as Prefect tasks; tests call them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from warehouse.facts import ParsedRelease, SourceRejected
from warehouse.isolation import WorkerDied, map_isolated, start_workers
from warehouse.load import LoadOutcome, ReleaseToLoad, file_sha256, keep_raw_copy, load_releases
from warehouse.readers import SUPPORTED_SUFFIXES, TextOptions, read_release_file
from warehouse.settings import WarehousePaths
from warehouse.sql_files import statement
from warehouse.validate import import_validator


@dataclass
class FileReading:
    """What one source file gave: its releases, or the reason it was rejected as a whole."""

    path: Path
    sha256: str
    releases: list[ParsedRelease] = field(default_factory=list)
    rejected_because: str | None = None


@dataclass
class Discovery:
    release_files: list[Path]
    ignored: list[Path]  # files in the folder that are not release files (a README, a hidden file)


def discover_release_files(source: Path, recursive: bool = True) -> Discovery:
    """The release files under `source` (a file or a folder), oldest publication first.

    An inbox is read without recursion: its archive/ and rejected/ folders hold files already dealt with.
    """
    if source.is_file():
        return Discovery([source], [])
    if not source.is_dir():
        raise FileNotFoundError(f"no release file or folder at {source}")
    candidates = source.rglob("*") if recursive else source.iterdir()
    files = sorted(
        p for p in candidates if p.is_file() and not p.name.startswith(".") and not p.name.endswith(".partial")
    )
    wanted = [p for p in files if p.suffix.lower() in SUPPORTED_SUFFIXES]
    return Discovery(sorted(wanted, key=lambda p: (p.name[:10], p.name)), [p for p in files if p not in wanted])


def holds_release_files(source: Path) -> bool:
    """Whether a run over `source` will have files to read (a missing source is the run's own error to report)."""
    try:
        return bool(discover_release_files(source).release_files)
    except FileNotFoundError:
        return False


def get_ready_to_read_and_validate() -> None:
    """Start the reader processes, and import the validator while they boot."""
    start_workers("warehouse.readers")
    import_validator()


def known_sha256s(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {sha for (sha,) in con.execute(statement("load/known_sha256s")).fetchall()}


def read_file(path: Path, text_options: TextOptions | None = None) -> FileReading:
    """Read one file; a file that cannot be read is returned with the reason, never raised."""
    return read_files([path], text_options)[0]


def read_files(paths: list[Path], text_options: TextOptions | None = None) -> list[FileReading]:
    """Read the files in parallel worker processes, one reading per file in the same order; a file that
    cannot be read is returned with the reason, never raised."""
    outcomes = map_isolated(read_release_file, [(path, text_options) for path in paths])
    return [_reading(path, outcome) for path, outcome in zip(paths, outcomes, strict=True)]


def _reading(path: Path, outcome: list[ParsedRelease] | BaseException) -> FileReading:
    sha256 = file_sha256(path)
    if not isinstance(outcome, BaseException):
        return FileReading(path, sha256, releases=outcome)
    if isinstance(outcome, SourceRejected):
        return FileReading(path, sha256, rejected_because=str(outcome))
    if isinstance(outcome, WorkerDied):
        return FileReading(path, sha256, rejected_because=f"{path.name}: not read: {outcome}")
    # a reader's bug must not cost the other files: report it as this file's rejection
    failure = f"{type(outcome).__name__}: {outcome}"
    return FileReading(path, sha256, rejected_because=f"{path.name}: reader failed ({failure})")


def load_readings(
    con: duckdb.DuckDBPyConnection, paths: WarehousePaths, readings: list[FileReading]
) -> list[LoadOutcome]:
    """Keep each file's raw bytes; load the releases in publication order and quarantine the rejected files,
    in one transaction."""
    for reading in readings:
        keep_raw_copy(paths, reading.path, reading.sha256)
    in_publication_order = sorted(
        (
            (release.published_on, reading.path.name, release.source_document, reading, release)
            for reading in readings
            for release in reading.releases
        ),
        key=lambda item: item[:3],
    )
    return load_releases(
        con,
        [ReleaseToLoad(reading.path, reading.sha256, release) for *_, reading, release in in_publication_order],
        [(r.path, r.sha256, r.rejected_because) for r in readings if r.rejected_because],
    )
