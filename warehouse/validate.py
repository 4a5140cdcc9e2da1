"""Run the Great Expectations suites of expectations/ against the warehouse's views.

Each suite file is named after the view it validates. The view is read from DuckDB into a frame and the
frame is validated (GX's own SQL datasource fails on DuckDB: GX issues 10738 and 11579). Each failing
row is reported whole, with its `source` column, so a report can point at the cell a figure came from.

New releases are validated as they would be published: inside a transaction that is rolled back, they are
marked published and the suites run. A release implicated in a critical failure is set aside and the
suites run again without it, so that one bad release does not hold back the others.

A run checks the rows that are about its new releases (their `release_ids`), not the whole history again:
every expectation but those of reference views (no release column, checked whole) is row by row, so a row
that no new release touches has the outcome it had when its own releases were checked. A view computed by
period (warehouse/views.py) is read only for the periods those releases state, so the cost of a monthly run
hardly grows with the history; `iip validate` checks the whole published state.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from warehouse.cycle_collector import import_in_bulk
from warehouse.settings import EXPECTATIONS_DIR, quiet_third_parties
from warehouse.sql_files import statement
from warehouse.views import definitions as view_definitions
from warehouse.views import install_views

if TYPE_CHECKING:  # pandas and Arrow come with the validator, imported when validating
    import pandas as pd
    import pyarrow as pa

SEVERITIES = ("critical", "warning")


@dataclass(frozen=True)
class CheckOutcome:
    suite: str
    check: str
    expectation: str
    severity: str
    explains: str
    success: bool
    failing_rows: list[dict[str, Any]]
    # GX's observed_value, or its unexpected count and percent for row-wise expectations.
    observed: Any = None

    @property
    def release_ids(self) -> list[int]:
        """The releases behind the failing rows, so results can be asked about by release."""
        return sorted({int(r) for row in self.failing_rows for r in row.get("release_ids") or []})


@dataclass
class Verdict:
    """Which new releases may be published, which failed and why, and the checks of the final state."""

    publishable: list[int]
    failed: dict[int, str] = field(default_factory=dict)
    outcomes: list[CheckOutcome] = field(default_factory=list)
    # Great Expectations' own results, one list per pass of the suites, for its Data Docs (see build_data_docs).
    gx_passes: list[list[tuple[Any, Any]]] = field(default_factory=list, repr=False, compare=False)

    @property
    def critical_failures(self) -> list[CheckOutcome]:
        return [o for o in self.outcomes if o.severity == "critical" and not o.success]


def import_validator() -> None:
    """Import Great Expectations (~3 s of imports), quietly.

    A run with files to read calls this right after starting its reader processes, which boot meanwhile on
    the other core. Not on a thread: there it contended for the interpreter's lock with the orchestrator's
    imports and made a run 1-2 s slower (bench/, 2026-12-01).
    """
    quiet_third_parties()
    import_in_bulk("great_expectations")


def suite_files() -> list[Path]:
    return sorted(EXPECTATIONS_DIR.glob("*.json"))


def read_suite_definition(path: Path) -> dict[str, Any]:
    definition = json.loads(path.read_text(encoding="utf-8"))
    if definition.get("name") != path.stem:
        raise ValueError(f"{path.name}: suite name {definition.get('name')!r} must match the file name")
    for expectation in definition["expectations"]:
        meta = expectation.get("meta", {})
        if meta.get("severity") not in SEVERITIES or not meta.get("check"):
            raise ValueError(f"{path.name}: every expectation needs meta.check and meta.severity in {SEVERITIES}")
    return definition


def run_suites(
    con: duckdb.DuckDBPyConnection,
    keep: list[tuple[Any, Any]] | None = None,
    about_releases: list[int] | None = None,
) -> list[CheckOutcome]:
    """Validate every view that has a suite, as the connection sees it now.

    keep: receives each (ExpectationSuite, ExpectationSuiteValidationResult) as GX made them.
    about_releases: check only the rows about these releases (all rows when None).
    """
    definitions = [read_suite_definition(path) for path in suite_files()]
    periods = None if about_releases is None else periods_of(con, about_releases)
    # Each suite's rows are read on a thread, in turn, while this one validates the rows read before them (and
    # first imports Great Expectations, when it is not yet): DuckDB reads without holding the interpreter's
    # lock. The connection is the caller's, for its transaction: only the reading thread uses it until the
    # reads are done, which leaving the `with` waits for, a failure included.
    outcomes: list[CheckOutcome] = []
    with ThreadPoolExecutor(max_workers=1) as reader:
        readings = [reader.submit(_rows_to_check, con, d, about_releases, periods) for d in definitions]
        gx, views = _validator()
        for definition, reading in zip(definitions, readings, strict=True):
            outcomes += _validate(gx, views, definition, *reading.result(), keep)
    return outcomes


def periods_of(con: duckdb.DuckDBPyConnection, releases: list[int]) -> list[str]:
    """The periods the figures of these releases are about."""
    return [
        period
        for (period,) in con.execute(
            statement("publish/find_periods_of_releases"), {"release_ids": releases}
        ).fetchall()
    ]


def _rows_to_check(
    con: duckdb.DuckDBPyConnection,
    definition: dict[str, Any],
    about_releases: list[int] | None,
    periods: list[str] | None,
) -> tuple[pa.Table, pd.DataFrame]:
    """The rows of the suite's view to check, whole in Arrow, and the frame of them that GX is given."""
    name = definition["name"]  # the suite's name is the view's name
    view = con.table(name)
    if about_releases is not None:
        view = rows_about(view, about_releases, periods if view_definitions()[name].by_period else None)
    rows = view.to_arrow_table()
    # GX fingerprints every batch by hashing its frame (pickling it whole when a column holds lists) and
    # copies it as it goes: its frame holds only the columns the expectations name. The rows stay whole
    # in Arrow, compact, for the failing ones to be reported with their source.
    named = columns_named(definition, rows.column_names) or rows.column_names
    return rows, con.from_arrow(rows).select(*named).df()  # DuckDB's own types in pandas, as `.df()` gives them


def _validator() -> tuple[Any, Any]:
    """Great Expectations, and the batch definition through which every view's rows are validated."""
    import_validator()  # here, not at the top: `iip sql` and the readers must not pay for it
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    logging.disable(logging.INFO)  # an ephemeral context announces its temporary docs folder at INFO
    try:
        context = gx.get_context(mode="ephemeral")
    finally:
        logging.disable(logging.NOTSET)
    context.variables.progress_bars = ProgressBarsConfig(globally=False, metric_calculations=False)
    # One asset for every view: adding an asset re-serialises the context's whole configuration, a cost that
    # grew with each suite. Each suite's rows come as the batch's dataframe.
    views = (
        context.data_sources.add_pandas("warehouse")
        .add_dataframe_asset("view")
        .add_batch_definition_whole_dataframe("rows checked")
    )
    return gx, views


def _validate(
    gx: Any,
    views: Any,
    definition: dict[str, Any],
    rows: pa.Table,
    frame: pd.DataFrame,
    keep: list[tuple[Any, Any]] | None,
) -> list[CheckOutcome]:
    suite = gx.ExpectationSuite(
        name=definition["name"], expectations=definition["expectations"], meta=definition.get("meta")
    )
    result = views.get_batch(batch_parameters={"dataframe": frame}).validate(suite, result_format="COMPLETE")
    if keep is not None:
        keep.append((suite, result))
    outcomes: list[CheckOutcome] = []
    for expectation_result in result.results:
        config = expectation_result.expectation_config
        meta = config.meta or {}
        indexes = expectation_result.result.get("unexpected_index_list") or []
        if expectation_result.exception_info.get("raised_exception"):
            raise RuntimeError(
                f"suite {definition['name']}, check {meta['check']}: "
                f"{expectation_result.exception_info.get('exception_message')}"
            )
        outcomes.append(
            CheckOutcome(
                suite=definition["name"],
                check=meta["check"],
                expectation=config.type,
                severity=meta["severity"],
                explains=meta.get("explains", ""),
                success=bool(expectation_result.success),
                failing_rows=[_plain(row) for row in rows.take(indexes).to_pylist()] if indexes else [],
                observed=observed_value(expectation_result.result),
            )
        )
    return outcomes


def columns_named(definition: dict[str, Any], columns: list[str]) -> list[str]:
    """The columns a suite's expectations name anywhere in their arguments (a row condition included)."""
    arguments = json.dumps([expectation["kwargs"] for expectation in definition["expectations"]])
    return [column for column in columns if re.search(rf"\b{re.escape(column)}\b", arguments)]


def rows_about(
    view: duckdb.DuckDBPyRelation, releases: list[int], periods: list[str] | None = None
) -> duckdb.DuckDBPyRelation:
    """The rows of a view that come from any of these releases; a view with no release column, whole.

    periods: the periods of these releases, for a view computed by period: only they are read (a constant
    filter on the period reaches into the view's groups and windows, down to the figures it reads)."""
    if periods is not None:
        view = view.filter(
            duckdb.FunctionExpression(
                "list_contains", duckdb.ConstantExpression(periods), duckdb.ColumnExpression("period")
            )
        )
    listed = duckdb.ConstantExpression(releases).cast(duckdb.list_type(duckdb.sqltype("integer")))
    if "release_ids" in view.columns:
        return view.filter(duckdb.FunctionExpression("list_has_any", duckdb.ColumnExpression("release_ids"), listed))
    if "release_id" in view.columns:
        return view.filter(duckdb.FunctionExpression("list_contains", listed, duckdb.ColumnExpression("release_id")))
    return view


def validate_new_releases(con: duckdb.DuckDBPyConnection, candidates: Iterable[int]) -> Verdict:
    """Decide which new releases pass the critical checks; changes nothing in the warehouse."""
    con.execute("begin transaction")
    try:
        return validate_in_transaction(con, candidates)
    finally:
        con.execute("rollback")


def validate_in_transaction(con: duckdb.DuckDBPyConnection, candidates: Iterable[int]) -> Verdict:
    """Validation within the caller's transaction, which it leaves as the verdict would publish the warehouse:
    the releases that pass marked published, those held back marked loaded, every view installed and its
    materialized tables computed (when there was anything to check)."""
    remaining = sorted(set(candidates))
    verdict = Verdict(publishable=[])
    if not remaining:
        return verdict  # nothing new: nothing to check (and Great Expectations need not even be imported)
    held_back_by: dict[tuple[str, str], CheckOutcome] = {}
    # Whether they pass or not, these releases' periods are where the published figures may change.
    changed_periods = periods_of(con, remaining)
    while True:
        con.execute(statement("publish/mark_releases_published"), {"release_ids": remaining})
        install_views(con, changed_periods)  # as publishing will leave them: materialized views refreshed
        kept: list[tuple[Any, Any]] = []
        outcomes = run_suites(con, kept, about_releases=remaining)
        verdict.gx_passes.append(kept)
        implicated = _implicated(outcomes, remaining)
        if not implicated:
            break
        for outcome in outcomes:
            if outcome.severity == "critical" and not outcome.success:
                held_back_by.setdefault((outcome.suite, outcome.check), outcome)
        verdict.failed |= implicated
        con.execute(statement("publish/mark_releases_loaded"), {"release_ids": list(implicated)})
        remaining = [r for r in remaining if r not in implicated]
    verdict.publishable = remaining
    # A check that held a release back failed in this run, though it passes on what gets published.
    verdict.outcomes = [held_back_by.get((o.suite, o.check), o) for o in outcomes]
    return verdict


def build_data_docs(verdict: Verdict, run_id: str, folder: Path) -> Path:
    """Great Expectations' Data Docs of a run's validations, written to `folder`; returns its index.html.

    The suites ran on frames in an ephemeral context, which stores no results; they are put into a new
    ephemeral context's results store here, one run name per pass (a pass after the first ran without the
    releases held back). The index lists this run's validations only. The pages load GX's styles from a CDN,
    so unlike the report they need the network to look right; their content is plain HTML.
    """
    quiet_third_parties()
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    logging.disable(logging.INFO)
    try:
        context = gx.get_context(mode="ephemeral")
    finally:
        logging.disable(logging.NOTSET)
    site = {
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(folder)},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }
    context.add_data_docs_site("reports", site)  # type: ignore[arg-type]
    many = len(verdict.gx_passes) > 1
    for number, kept in enumerate(verdict.gx_passes, start=1):
        run = RunIdentifier(run_name=f"{run_id} pass {number}" if many else run_id)
        for suite, result in kept:
            if number == 1:  # the page of a result shows its suite's expectations, read from the suites store
                context.suites.add_or_update(suite)
            key = ValidationResultIdentifier(
                expectation_suite_identifier=ExpectationSuiteIdentifier(name=suite.name),
                run_id=run,
                batch_identifier=suite.name,
            )
            context.validation_results_store.set(key, result)
    context.build_data_docs(site_names=["reports"])
    return folder / "index.html"


def _implicated(outcomes: list[CheckOutcome], candidates: list[int]) -> dict[int, str]:
    """The candidate releases behind the rows of critical failures, each with the first reason found."""
    reasons: dict[int, str] = {}
    for outcome in outcomes:
        if outcome.severity != "critical" or outcome.success:
            continue
        for row in outcome.failing_rows:
            for release_id in row.get("release_ids") or []:
                if release_id in candidates and release_id not in reasons:
                    reasons[release_id] = f"{outcome.suite}.{outcome.check} fails for {describe_row(row)}"
    return reasons


# The columns that say which figure a row is about, in reading order; the others are its values.
_WHERE = ("period_type", "period", "base", "geo_code", "subject", "measure", "industry_code")


def describe_row(row: dict[str, Any]) -> str:
    """'ytd 2024-02 same_period_prev_year (residual_pp=1.04, tolerance_pp=0.16)': the row a failure is about."""
    where, figures = describe_parts(row)
    return f"{where} ({', '.join(f'{k}={v}' for k, v in figures)})"


def describe_parts(row: dict[str, Any]) -> tuple[str, list[tuple[str, Any]]]:
    """Which figure a row is about ('ytd 2024-02 same_period_prev_year C'), and its other stated values."""
    where = " ".join(str(row[k]) for k in _WHERE if row.get(k) and not (k == "geo_code" and row[k] == "VN"))
    figures = [(k, v) for k, v in row.items() if k not in {*_WHERE, "source", "release_ids"} and v is not None]
    return where, figures


def observed_value(result: dict[str, Any]) -> Any:
    """What GX measured: its observed_value where the expectation has one, else how many rows were unexpected."""
    if "observed_value" in result:
        return _plain({"v": result["observed_value"]})["v"]
    counts = {k: result[k] for k in ("element_count", "unexpected_count", "unexpected_percent") if k in result}
    return _plain(counts) or None


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready values of a row as Arrow gives it: decimals, dates and NaN become numbers, text and None."""
    plain: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Decimal):
            value = float(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        if isinstance(value, float) and math.isnan(value):
            value = None
        plain[key] = value
    return plain
