"""Back up and restore the whole warehouse: its tables, the raw files behind them, and the reports.

A backup is one .tar.gz: the tables (views are code, reinstalled from sql/views/) as DuckDB's EXPORT DATABASE
writes them (schema.sql, load.sql and
one Parquet file per table: readable by any later DuckDB, unlike the database file itself), raw/,
reports/, and manifest.json with the sha256 of every member and the row count of every table.
Restoring checks every checksum before it writes anything, and refuses to overwrite a warehouse.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from warehouse import __version__
from warehouse.settings import WarehousePaths
from warehouse.sql_files import statement
from warehouse.staging import publish_staged, staging_path
from warehouse.views import install_views

MANIFEST = "manifest.json"


class RestoreRefused(RuntimeError):
    """The backup is damaged or incomplete, or the target warehouse already exists."""


@dataclass(frozen=True)
class BackupSummary:
    archive: Path
    tables: dict[str, int]
    files: int


def backup(paths: WarehousePaths, archive: Path) -> BackupSummary:
    if not paths.database.exists():
        raise FileNotFoundError(f"no warehouse at {paths.database}")
    with tempfile.TemporaryDirectory(prefix="iip-backup-") as scratch:
        root = Path(scratch)
        # The published file changes only by an atomic rename: copying it copies one whole state.
        # Views and macros are code (sql/views/, sql/macros/), reinstalled on restore: DuckDB's import would
        # recreate them out of order.
        scratch_copy = root / "scratch.duckdb"
        shutil.copyfile(paths.database, scratch_copy)
        with duckdb.connect(str(scratch_copy)) as con:
            for kind, name in con.execute(statement("backup/code_objects")).fetchall():
                con.execute(f'drop {kind} "{name}"')  # kinds and names from the catalog, not from input
            tables = _row_counts(con)
            # EXPORT DATABASE takes no bound parameters; the path is our own temporary folder.
            con.execute(f"export database '{_sql_path(root / 'tables')}' (format parquet)")
        scratch_copy.unlink()
        for folder in (paths.raw_dir, paths.reports_dir):
            if folder.is_dir():
                shutil.copytree(folder, root / folder.name)
        members = sorted(p for p in root.rglob("*") if p.is_file())
        manifest = {
            "made_by": f"iip-warehouse {__version__}",
            "duckdb": duckdb.__version__,
            "made_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "tables": tables,
            "sha256": {str(p.relative_to(root)): _sha256(p) for p in members},
        }
        (root / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        archive.parent.mkdir(parents=True, exist_ok=True)
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            for path in [root / MANIFEST, *members]:
                tar.add(path, arcname=str(path.relative_to(root)))
        os.replace(partial, archive)
    return BackupSummary(archive, tables, len(members))


def restore(archive: Path, paths: WarehousePaths) -> BackupSummary:
    if paths.database.exists():
        raise RestoreRefused(f"{paths.database} exists: restore into a new location (--warehouse), or move it away")
    with tempfile.TemporaryDirectory(prefix="iip-restore-") as scratch:
        root = Path(scratch)
        try:
            with tarfile.open(archive, "r:gz") as tar:
                tar.extractall(root, filter="data")  # refuses absolute paths, '..', links out of the folder
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise RestoreRefused(f"{archive.name}: not a readable backup ({exc})") from exc
        manifest = _read_manifest(archive, root)
        present = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} - {MANIFEST}
        if present != set(manifest["sha256"]):
            raise RestoreRefused(
                f"{archive.name}: members differ from its manifest ({sorted(present ^ set(manifest['sha256']))[:5]})"
            )
        for name, expected in manifest["sha256"].items():
            if _sha256(root / name) != expected:
                raise RestoreRefused(f"{archive.name}: {name} does not match its checksum")

        paths.ensure()
        staged = staging_path(paths.database)
        staged.unlink(missing_ok=True)
        with duckdb.connect(str(staged)) as con:
            con.execute(f"import database '{_sql_path(root / 'tables')}'")
            tables = _row_counts(con)
            install_views(con)
        if tables != manifest["tables"]:
            staged.unlink(missing_ok=True)
            raise RestoreRefused(f"{archive.name}: restored row counts {tables} differ from {manifest['tables']}")
        for folder in ("raw", "reports"):
            if (root / folder).is_dir():
                shutil.copytree(root / folder, paths.home / folder, dirs_exist_ok=True)
        publish_staged(paths.database)
    return BackupSummary(archive, tables, len(manifest["sha256"]))


def _read_manifest(archive: Path, root: Path) -> dict:
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RestoreRefused(f"{archive.name}: no readable {MANIFEST}") from exc
    if not isinstance(manifest.get("sha256"), dict) or not isinstance(manifest.get("tables"), dict):
        raise RestoreRefused(f"{archive.name}: {MANIFEST} lacks checksums or table counts")
    return manifest


def _row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    names = [name for (name,) in con.execute(statement("backup/table_names")).fetchall()]
    return {name: con.table(name).count("*").fetchone()[0] for name in names}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
