"""A backup round-trips to an identical warehouse, and a damaged backup is refused before anything is written."""

from __future__ import annotations

import tarfile
from pathlib import Path

import duckdb
import pytest

from warehouse.backup import RestoreRefused, backup, restore
from warehouse.settings import warehouse_paths

pytestmark = pytest.mark.flow


def _everything(database: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(database), read_only=True) as con:
        names = [
            n
            for (n,) in con.execute(
                "select table_name from duckdb_tables() where not internal union all "
                "select view_name from duckdb_views() where not internal order by 1"
            ).fetchall()
        ]
        # restore installs the views again from code: when it did so differs, from what (the digests) must not
        columns = {"installed_definition": "* exclude (installed_at)"}
        return {name: con.sql(f"select {columns.get(name, '*')} from {name} order by all").fetchall() for name in names}


def test_backup_and_restore_round_trip_to_an_identical_warehouse(sample_warehouse: Path, tmp_path: Path) -> None:
    archive = tmp_path / "iip-backup.tar.gz"
    made = backup(warehouse_paths(sample_warehouse), archive)
    assert made.tables["fact"] == 300 and made.files >= 4

    target = warehouse_paths(tmp_path / "restored" / "iip.duckdb")
    restored = restore(archive, target)

    assert restored.tables == made.tables
    assert _everything(target.database) == _everything(sample_warehouse)
    originals = sorted(p.name for p in (sample_warehouse.parent / "raw").iterdir())
    assert sorted(p.name for p in target.raw_dir.iterdir()) == originals
    last_id = max(r[0] for r in _everything(target.database)["release"])
    with duckdb.connect(str(target.database)) as con:  # the restored warehouse keeps working: ids go on
        assert con.execute("select nextval('release_id_seq')").fetchone()[0] > last_id


def test_restore_refuses_to_overwrite_a_warehouse(sample_warehouse: Path, tmp_path: Path) -> None:
    archive = tmp_path / "b.tar.gz"
    backup(warehouse_paths(sample_warehouse), archive)
    with pytest.raises(RestoreRefused, match="exists"):
        restore(archive, warehouse_paths(sample_warehouse))


def test_a_tampered_backup_is_refused_and_writes_nothing(sample_warehouse: Path, tmp_path: Path) -> None:
    archive = tmp_path / "b.tar.gz"
    backup(warehouse_paths(sample_warehouse), archive)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member)
            if member.name.startswith("raw/"):
                payload = b"altered" + data.read()
                member.size = len(payload)
                target.addfile(member, __import__("io").BytesIO(payload))
            else:
                target.addfile(member, data)
    destination = warehouse_paths(tmp_path / "restored" / "iip.duckdb")
    with pytest.raises(RestoreRefused, match="does not match its checksum"):
        restore(tampered, destination)
    assert not destination.database.exists()


def test_a_backup_with_a_path_escaping_member_is_refused(tmp_path: Path) -> None:
    evil = tmp_path / "evil.tar.gz"
    payload = tmp_path / "payload"
    payload.write_text("x")
    with tarfile.open(evil, "w:gz") as tar:
        tar.add(payload, arcname="../../escaped.txt")
    with pytest.raises(RestoreRefused, match="not a readable backup"):
        restore(evil, warehouse_paths(tmp_path / "restored" / "iip.duckdb"))
    assert not (tmp_path.parent / "escaped.txt").exists()
