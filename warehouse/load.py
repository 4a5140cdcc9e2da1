"""Load parsed releases into the warehouse: one transaction per release, the same bytes never twice.

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


def load_release(con: duckdb.DuckDBPyConnection, source: Path, sha256: str, parsed: ParsedRelease) -> LoadOutcome:
    """Insert one release with its figures and rejections in one transaction; a no-op if already loaded."""
    con.execute("begin transaction")
    try:
        found = con.execute(
            statement("load/find_release"), {"sha256": sha256, "source_document": parsed.source_document}
        ).fetchone()
        if found:
            con.execute("rollback")
            return LoadOutcome(source.name, parsed.source_document, found[0], 0, 0, already_loaded=True)
        (release_id,) = con.execute(
            statement("load/insert_release"),
            {
                "publisher": parsed.publisher,
                "published_on": parsed.published_on,
                "reference_period": parsed.reference_period,
                "source_kind": parsed.source_kind,
                "source_file": source.name,
                "source_document": parsed.source_document,
                "sha256": sha256,
                "status": parsed.status,
            },
        ).fetchone() or (None,)
        con.register("staged_facts", parsed.facts)
        con.execute(statement("load/insert_facts"), {"release_id": release_id})
        _quarantine(con, source, sha256, parsed.rejections)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    finally:
        _unregister(con, "staged_facts")
    return LoadOutcome(
        source.name,
        parsed.source_document,
        int(release_id),
        parsed.facts.height,
        parsed.rejections.height,
        already_loaded=False,
    )


def quarantine_file(con: duckdb.DuckDBPyConnection, source: Path, sha256: str, reason: str) -> None:
    """Record a whole file that could not be read, with the reason; re-reading it adds nothing."""
    rejection = pl.DataFrame(
        [{"location": "", "raw_label": None, "raw_value": None, "reason": reason}], schema=REJECTION_SCHEMA
    )
    _quarantine(con, source, sha256, rejection)


def _quarantine(con: duckdb.DuckDBPyConnection, source: Path, sha256: str, rejections: pl.DataFrame) -> None:
    if rejections.is_empty():
        return
    con.register("staged_rejections", rejections)
    try:
        con.execute(statement("load/insert_quarantine"), {"sha256": sha256, "source_file": source.name})
    finally:
        _unregister(con, "staged_rejections")


def _unregister(con: duckdb.DuckDBPyConnection, name: str) -> None:
    with contextlib.suppress(duckdb.Error):
        con.unregister(name)
