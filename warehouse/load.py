"""Load parsed releases into the warehouse: one transaction per run, the same bytes never twice.

Every source file is also kept byte for byte under raw/<sha256>, so a figure's provenance survives the file.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from warehouse.facts import REJECTION_SCHEMA, ParsedRelease
from warehouse.settings import WarehousePaths
from warehouse.sql_files import statement


@dataclass(frozen=True)
class LoadOutcome:
    source_file: str
    source_document: str
    release_id: int
    facts_loaded: int
    rejections: int
    already_loaded: bool


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def keep_raw_copy(paths: WarehousePaths, source: Path, sha256: str) -> Path:
    target = paths.raw_dir / f"{sha256}{source.suffix.lower()}"
    if not target.exists():
        paths.raw_dir.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(target.suffix + ".partial")
        shutil.copyfile(source, partial)
        partial.replace(target)  # atomic: a half-copied raw file never carries the final name
    return target


@dataclass(frozen=True)
class ReleaseToLoad:
    source: Path
    sha256: str
    parsed: ParsedRelease


def load_releases(
    con: duckdb.DuckDBPyConnection, releases: list[ReleaseToLoad], rejected_files: list[tuple[Path, str, str]] = ()
) -> list[LoadOutcome]:
    """Insert releases (in the order given, which numbers them), their figures and rejections, and the files
    rejected whole (path, sha256, reason), all in one transaction; a release already loaded is a no-op.

    One transaction and one insert of all figures, not one per release: the fact table's key is then checked
    once per run, which is what keeps a backfill of hundreds of releases from paying per release."""
    con.execute("begin transaction")
    try:
        loaded = {
            (sha256, document): release_id
            for sha256, document, release_id in con.execute(
                statement("load/find_loaded_releases"), {"sha256s": sorted({r.sha256 for r in releases})}
            ).fetchall()
        }
        outcomes: list[LoadOutcome] = []
        new_facts: list[pl.DataFrame] = []
        new_rejections: list[pl.DataFrame] = []
        for release in releases:
            parsed, key = release.parsed, (release.sha256, release.parsed.source_document)
            if key in loaded:
                outcomes.append(
                    LoadOutcome(release.source.name, parsed.source_document, loaded[key], 0, 0, already_loaded=True)
                )
                continue
            (release_id,) = con.execute(
                statement("load/insert_release"),
                {
                    "publisher": parsed.publisher,
                    "published_on": parsed.published_on,
                    "reference_period": parsed.reference_period,
                    "source_kind": parsed.source_kind,
                    "source_file": release.source.name,
                    "source_document": parsed.source_document,
                    "sha256": release.sha256,
                    "status": parsed.status,
                },
            ).fetchone() or (None,)
            loaded[key] = release_id
            new_facts.append(parsed.facts.with_columns(release_id=pl.lit(release_id, dtype=pl.Int32)))
            new_rejections.append(_rejections_of(release.source, release.sha256, parsed.rejections))
            outcomes.append(
                LoadOutcome(
                    release.source.name,
                    parsed.source_document,
                    int(release_id),
                    parsed.facts.height,
                    parsed.rejections.height,
                    already_loaded=False,
                )
            )
        for source, sha256, reason in rejected_files:
            new_rejections.append(_rejections_of(source, sha256, _whole_file(reason)))
        _insert(con, "staged_facts", new_facts, statement("load/insert_facts"))
        _insert(con, "staged_rejections", new_rejections, statement("load/insert_quarantine"))
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return outcomes


def _whole_file(reason: str) -> pl.DataFrame:
    return pl.DataFrame(
        [{"location": "", "raw_label": None, "raw_value": None, "reason": reason}], schema=REJECTION_SCHEMA
    )


def _rejections_of(source: Path, sha256: str, rejections: pl.DataFrame) -> pl.DataFrame:
    return rejections.with_columns(sha256=pl.lit(sha256), source_file=pl.lit(source.name))


def _insert(con: duckdb.DuckDBPyConnection, name: str, frames: list[pl.DataFrame], insert: str) -> None:
    """Run the statement `insert` over the frames stacked into one, seen as table `name`."""
    frames = [frame for frame in frames if not frame.is_empty()]
    if not frames:
        return
    con.register(name, pl.concat(frames, how="vertical"))
    try:
        con.execute(insert)
    finally:
        _unregister(con, name)


def _unregister(con: duckdb.DuckDBPyConnection, name: str) -> None:
    with contextlib.suppress(duckdb.Error):
        con.unregister(name)
