"""Publish the verdict of validation: in one transaction, releases become visible or fail, views refresh.

Readers of the DuckDB file see the warehouse either before this transaction or after it, never between.
"""

from __future__ import annotations

import json

import duckdb

from warehouse.sql_files import statement
from warehouse.validate import Verdict, validate_in_transaction
from warehouse.views import install_views


def unvalidated_releases(con: duckdb.DuckDBPyConnection) -> list[int]:
    return [row[0] for row in con.execute(statement("publish/find_unvalidated_releases")).fetchall()]


def validate_and_publish(con: duckdb.DuckDBPyConnection, candidates: list[int], run_id: str) -> Verdict:
    """Validate the new releases and publish the verdict in one transaction: the state the last pass of the
    checks saw, materialized views included, is the state published (computed once, not again)."""
    con.execute("begin transaction")
    try:
        verdict = validate_in_transaction(con, candidates)
        if not verdict.gx_passes:  # no new figures: only views whose definitions changed are installed
            install_views(con, changed_periods=[])
        _record(con, verdict, run_id)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return verdict


def _record(con: duckdb.DuckDBPyConnection, verdict: Verdict, run_id: str) -> None:
    """The releases held back, with their reasons, and every check's outcome (in one insert: a statement per
    outcome cost ~3 ms each)."""
    for release_id, reason in verdict.failed.items():
        con.execute(statement("publish/mark_release_failed"), {"release_id": release_id, "reason": reason})
    if not verdict.outcomes:
        return
    import pyarrow as pa  # imported with the validator, which made the outcomes

    outcomes = pa.Table.from_pylist(
        [
            {
                "suite": outcome.suite,
                "expectation": outcome.expectation,
                "check_name": outcome.check,
                "severity": outcome.severity,
                "success": outcome.success,
                "failing_count": len(outcome.failing_rows),
                "failing_rows": json.dumps(outcome.failing_rows, ensure_ascii=False, default=str),
                "observed_value": json.dumps(outcome.observed, ensure_ascii=False, default=str),
                "release_ids": outcome.release_ids,
            }
            for outcome in verdict.outcomes
        ]
    )  # the insert casts to check_result's own column types
    con.register("new_check_result", outcomes)
    try:
        con.execute(statement("publish/insert_check_results"), {"run_id": run_id})
    finally:
        con.unregister("new_check_result")
