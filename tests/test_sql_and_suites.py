"""Every SQL file runs and is used; every analytic view has a suite; every suite is well-formed."""

import re
from pathlib import Path

import duckdb

from warehouse.schema import migrate
from warehouse.settings import EXPECTATIONS_DIR, SQL_DIR
from warehouse.validate import read_suite_definition, suite_files
from warehouse.views import (
    analytic_views,
    check_views,
    creation_order,
    definitions,
    description,
    install_views,
    view_files,
)

PROJECT = Path(__file__).resolve().parents[1]


def test_every_view_file_creates_the_view_it_is_named_after(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "iip.duckdb")) as con:
        migrate(con)
        install_views(con)
        views = {name for (name,) in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
        tables = {name for (name,) in con.execute("select table_name from duckdb_tables()").fetchall()}
    materialized = {name for name, view in definitions().items() if view.materialized}
    assert views == set(view_files()) - materialized
    assert materialized <= tables


def test_install_views_is_repeatable_and_switches_a_view_to_a_table(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "iip.duckdb")) as con:
        migrate(con)
        con.execute("create view latest_fact as select 1 as stale")  # as a warehouse built before materialization
        assert install_views(con) == install_views(con)
        assert con.execute("select count(*) from duckdb_tables() where table_name = 'latest_fact'").fetchone() == (1,)


def test_every_view_opens_with_a_comment_stating_its_grain() -> None:
    for name, path in view_files().items():
        assert description(path), name
        assert "Grain:" in path.read_text(encoding="utf-8"), f"{name}.sql must state its grain"


def test_views_are_created_after_the_views_they_read() -> None:
    order = creation_order()
    assert order.index("published_fact") < order.index("latest_fact") < order.index("latest_change")
    assert order.index("latest_change") < order.index("iip_headline")
    assert order.index("iip_headline") < order.index("iip_section_contributions")


def test_every_analytic_and_check_view_has_a_suite_and_every_suite_a_view() -> None:
    assert {p.stem for p in suite_files()} == set(analytic_views()) | set(check_views())


def test_every_check_view_carries_period_tolerance_releases_and_source(tmp_path: Path) -> None:
    with duckdb.connect(str(tmp_path / "iip.duckdb")) as con:
        migrate(con)
        install_views(con)
        for name in check_views():
            columns = {c[0] for c in con.execute(f"describe {name}").fetchall()}
            assert {"period_type", "period", "release_ids", "source"} <= columns, name
            assert "subject" in columns, f"{name} names what the figure is about"
            assert any(c.startswith("tolerance") for c in columns) or name in TOLERANCE_FREE, name


# Checks of existence or range, where no rounding is involved.
TOLERANCE_FREE = {"dq_completeness", "dq_plausible_ranges", "dq_period_after_publication"}


def test_every_suite_declares_check_names_and_severities() -> None:
    for path in suite_files():
        definition = read_suite_definition(path)
        checks = [e["meta"]["check"] for e in definition["expectations"]]
        assert len(checks) == len(set(checks)), f"{path.name}: check names must be unique"
    assert EXPECTATIONS_DIR.is_dir()


def test_every_statement_file_is_used_by_the_code() -> None:
    code = "\n".join(
        p.read_text(encoding="utf-8") for p in [*PROJECT.glob("warehouse/**/*.py"), *PROJECT.glob("flows/*.py")]
    )
    used = set(re.findall(r'statement\("([\w/]+)"\)', code))
    statements = {
        str(p.relative_to(SQL_DIR).with_suffix(""))
        for p in SQL_DIR.glob("*/*.sql")
        if p.parent.name not in {"schema", "views", "macros"}  # DDL installed by schema.py and views.py
    }
    assert statements == used
