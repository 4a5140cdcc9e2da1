"""The steps of an ingestion run as plain functions: find release files, read them, load them.

flows/monthly_ingest.py strings these together as Prefect tasks; tests call them directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from warehouse.facts import ParsedRelease, SourceRejected
from warehouse.isolation import WorkerDied, run_isolated
from warehouse.load import LoadOutcome, file_sha256, keep_raw_copy, load_release, quarantine_file
from warehouse.readers import SUPPORTED_SUFFIXES, TextOptions, read_release_file
from warehouse.settings import WarehousePaths
from warehouse.sql_files import statement


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


def known_sha256s(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {sha for (sha,) in con.execute(statement("load/known_sha256s")).fetchall()}


def read_file(path: Path, text_options: TextOptions | None = None) -> FileReading:
    """Read one file; a file that cannot be read is returned with the reason, never raised."""
    sha256 = file_sha256(path)
    try:
        return FileReading(path, sha256, releases=run_isolated(read_release_file, path, text_options))
    except SourceRejected as exc:
        return FileReading(path, sha256, rejected_because=str(exc))
    except WorkerDied as exc:
        return FileReading(path, sha256, rejected_because=f"{path.name}: not read: {exc}")
    except Exception as exc:  # a reader's bug must not cost the other files: report it as this file's rejection
        return FileReading(path, sha256, rejected_because=f"{path.name}: reader failed ({type(exc).__name__}: {exc})")


def load_readings(
    con: duckdb.DuckDBPyConnection, paths: WarehousePaths, readings: list[FileReading]
) -> list[LoadOutcome]:
    """Keep each file's raw bytes, quarantine rejected files, load releases in publication order."""
    outcomes: list[LoadOutcome] = []
    for reading in readings:
        keep_raw_copy(paths, reading.path, reading.sha256)
        if reading.rejected_because:
            quarantine_file(con, reading.path, reading.sha256, reading.rejected_because)
    in_publication_order = sorted(
        (
            (release.published_on, reading.path.name, release.source_document, reading, release)
            for reading in readings
            for release in reading.releases
        ),
        key=lambda item: item[:3],
    )
    for _, _, _, reading, release in in_publication_order:
        outcomes.append(load_release(con, reading.path, reading.sha256, release))
    return outcomes
