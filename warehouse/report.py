"""What a run did and what the checks found: a short console summary and a Markdown data-quality report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from warehouse.ingest import FileReading
from warehouse.load import LoadOutcome
from warehouse.sql_files import statement
from warehouse.validate import CheckOutcome, Verdict, describe_row

EXIT_OK = 0
EXIT_CRITICAL_CHECK_FAILED = 1
EXIT_INPUT_REJECTED = 3


@dataclass
class FileLine:
    name: str
    releases: int
    facts_loaded: int
    rows_quarantined: int
    status: str  # loaded | already loaded | rejected: <reason>
    sheets: dict[str, str] = field(default_factory=dict)  # sheet name -> table kind the reader recognised


@dataclass
class RunSummary:
    run_id: str
    database: Path
    source: str
    files: list[FileLine]
    ignored_files: list[str]
    releases_loaded: int
    releases_already_loaded: int
    facts_loaded: int
    rows_quarantined: int
    failed_releases: dict[int, str]
    checks: list[CheckOutcome]
    published_releases: int = 0
    published_facts: int = 0
    report_path: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def rejected_files(self) -> list[FileLine]:
        return [f for f in self.files if f.status.startswith("rejected")]

    @property
    def exit_code(self) -> int:
        if self.failed_releases or any(c.severity == "critical" and not c.success for c in self.checks):
            return EXIT_CRITICAL_CHECK_FAILED
        if self.rejected_files:
            return EXIT_INPUT_REJECTED
        return EXIT_OK

    @property
    def outcome(self) -> str:
        return {
            EXIT_OK: "ok",
            EXIT_CRITICAL_CHECK_FAILED: "critical check failed",
            EXIT_INPUT_REJECTED: "input rejected",
        }[self.exit_code]


def summarize(
    run_id: str,
    database: Path,
    source: str,
    readings: list[FileReading],
    ignored: list[Path],
    loads: list[LoadOutcome],
    verdict: Verdict,
    con: duckdb.DuckDBPyConnection,
) -> RunSummary:
    by_file: dict[str, list[LoadOutcome]] = {}
    for load in loads:
        by_file.setdefault(load.source_file, []).append(load)
    files = []
    for reading in readings:
        name = reading.path.name
        if reading.rejected_because:
            files.append(FileLine(name, 0, 0, 0, f"rejected: {reading.rejected_because}"))
            continue
        outcomes = by_file.get(name, [])
        fresh = [o for o in outcomes if not o.already_loaded]
        failed = [o for o in fresh if o.release_id in verdict.failed]
        status = "failed a critical check" if failed else "loaded" if fresh else "already loaded"
        sheets = {sheet: kind for release in reading.releases for sheet, kind in release.sheets.items()}
        files.append(
            FileLine(
                name,
                len(outcomes),
                sum(o.facts_loaded for o in fresh),
                sum(o.rejections for o in fresh),
                status,
                sheets,
            )
        )
    published = con.execute(statement("report/count_published")).fetchone() or (0, 0)
    return RunSummary(
        run_id=run_id,
        database=database,
        source=source,
        files=files,
        ignored_files=[p.name for p in ignored],
        releases_loaded=sum(not o.already_loaded for o in loads),
        releases_already_loaded=sum(o.already_loaded for o in loads),
        facts_loaded=sum(o.facts_loaded for o in loads),
        rows_quarantined=sum(o.rejections for o in loads),
        failed_releases=dict(verdict.failed),
        checks=list(verdict.outcomes),
        published_releases=int(published[0]),
        published_facts=int(published[1]),
    )


def console_summary(summary: RunSummary) -> str:
    critical = [c for c in summary.checks if c.severity == "critical"]
    warnings = [c for c in summary.checks if c.severity == "warning"]
    lines = [
        f"iip run {summary.run_id}: {summary.outcome}",
        f"  files      {len(summary.files)} read, {len(summary.rejected_files)} rejected"
        + (f", {len(summary.ignored_files)} ignored (not release files)" if summary.ignored_files else ""),
        f"  releases   {summary.releases_loaded} loaded, {summary.releases_already_loaded} already in the warehouse,"
        f" {len(summary.failed_releases)} failed checks",
        f"  facts      {summary.facts_loaded} loaded, {summary.rows_quarantined} rows quarantined",
        f"  checks     critical {sum(c.success for c in critical)}/{len(critical)} passed,"
        f" warnings {sum(c.success for c in warnings)}/{len(warnings)} passed",
        f"  warehouse  {summary.published_releases} published releases, {summary.published_facts} facts",
        f"  database   {summary.database}",
    ]
    if summary.report_path:
        lines.append(f"  report     {summary.report_path}")
    for line in summary.rejected_files:
        lines.append(f"  REJECTED   {line.status.removeprefix('rejected: ')}")
    for release_id, reason in summary.failed_releases.items():
        lines.append(f"  FAILED     release {release_id}: {reason}")
    return "\n".join(lines)


def render_markdown(summary: RunSummary, quarantined: list[tuple[str, ...]]) -> str:
    out = [
        f"# Data-quality report, run {summary.run_id}",
        "",
        f"Outcome: **{summary.outcome}**. Source: `{summary.source}`. Warehouse: `{summary.database}`.",
        "",
        "## Files",
        "",
        "| file | releases | facts loaded | rows quarantined | status |",
        "|---|---:|---:|---:|---|",
    ]
    out += [
        f"| {f.name} | {f.releases} | {f.facts_loaded} | {f.rows_quarantined} | {_cell(f.status)} |"
        for f in summary.files
    ]
    if summary.failed_releases:
        out += [
            "",
            "## Releases held back",
            "",
            "These releases failed a critical check. They are kept in the "
            "warehouse with state `failed` and do not appear in any view.",
            "",
        ]
        out += [f"- release {rid}: {_cell(reason)}" for rid, reason in summary.failed_releases.items()]
    out += [
        "",
        "## Checks",
        "",
        "| suite | check | severity | result | failing rows | what it checks |",
        "|---|---|---|---|---:|---|",
    ]
    out += [
        f"| {c.suite} | {c.check} | {c.severity} | {'pass' if c.success else '**FAIL**'} | "
        f"{len(c.failing_rows)} | {_cell(c.explains)} |"
        for c in summary.checks
    ]
    for check in (c for c in summary.checks if not c.success):
        out += ["", f"### {check.suite}.{check.check} ({check.severity})", ""]
        out += [
            f"- {_cell(describe_row(row))}; source: {_cell(str(row.get('source', '?')))}" for row in check.failing_rows
        ]
    if quarantined:
        out += [
            "",
            "## Quarantined input",
            "",
            "Kept verbatim in the `quarantine` table; nothing was dropped.",
            "",
            "| file | location | label | value | reason |",
            "|---|---|---|---|---|",
        ]
        out += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in quarantined]
    return "\n".join(out) + "\n"


def write_report(con: duckdb.DuckDBPyConnection, summary: RunSummary, reports_dir: Path, sha256s: list[str]) -> Path:
    quarantined = con.execute(statement("report/quarantined_rows"), {"sha256s": sha256s}).fetchall()
    text = render_markdown(summary, [tuple("" if v is None else str(v) for v in row) for row in quarantined])
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / f"{summary.run_id}.md"
    path.write_text(text, encoding="utf-8")
    (reports_dir / "latest.md").write_text(text, encoding="utf-8")
    return path


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
