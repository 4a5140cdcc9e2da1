"""What a run did and what the checks found: a short console summary and a Markdown data-quality report."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from warehouse.report_svg import CheckedRelease, ContributionPoint, contributions_chart, outcomes_grid
from warehouse.sql_files import statement
from warehouse.validate import CheckOutcome, Verdict, describe_parts

if TYPE_CHECKING:  # named in annotations only: `iip validate` and `iip report` need not import the readers
    from warehouse.ingest import FileReading
    from warehouse.load import LoadOutcome

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


def checks_passed(checks: list[CheckOutcome]) -> str:
    """'critical 24/24 passed, warnings 25/26 passed'."""
    critical = [c for c in checks if c.severity == "critical"]
    warnings = [c for c in checks if c.severity == "warning"]
    return (
        f"critical {sum(c.success for c in critical)}/{len(critical)} passed,"
        f" warnings {sum(c.success for c in warnings)}/{len(warnings)} passed"
    )


def console_summary(summary: RunSummary) -> str:
    lines = [
        f"iip run {summary.run_id}: {summary.outcome}",
        f"  files      {len(summary.files)} read, {len(summary.rejected_files)} rejected"
        + (f", {len(summary.ignored_files)} ignored (not release files)" if summary.ignored_files else ""),
        f"  releases   {summary.releases_loaded} loaded, {summary.releases_already_loaded} already in the warehouse,"
        f" {len(summary.failed_releases)} failed checks",
        f"  facts      {summary.facts_loaded} loaded, {summary.rows_quarantined} rows quarantined",
        f"  checks     {checks_passed(summary.checks)}",
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


# Rows listed per check in the report; every failing row is kept in check_result whatever this says.
ROWS_SHOWN = {"critical": 100, "warning": 25}


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    numeric: set[int] = field(default_factory=set)  # columns aligned right


Block = tuple[str, object]  # ("h1"|"h2"|"h3"|"p"|"list"|"table", content)


def report_blocks(
    summary: RunSummary,
    quarantined: list[tuple[str, ...]],
    rebuilt: bool = False,
    headline: list[tuple[str, float]] = (),  # type: ignore[assignment]
    contributions: list[ContributionPoint] = (),  # type: ignore[assignment]
    releases: list[CheckedRelease] = (),  # type: ignore[assignment]
    data_docs: str | None = None,
) -> list[Block]:
    """The report as a statistician reads it: the verdict first, then what failed, row by row, then the rest.

    rebuilt: made later from check_result alone, which knows the checks but not the files of the run.
    """
    critical = [c for c in summary.checks if c.severity == "critical"]
    warnings = [c for c in summary.checks if c.severity == "warning"]
    failed_critical = [c for c in critical if not c.success]
    failed_warnings = [c for c in warnings if not c.success]
    blocks: list[Block] = [
        ("h1", f"Data-quality report, run {summary.run_id}"),
        ("p", _verdict(summary, failed_critical, failed_warnings)),
        ("h2", "Summary"),
        (
            "table",
            Table(
                ["", "count"],
                [
                    ["files read", str(len(summary.files))],
                    ["files rejected whole", str(len(summary.rejected_files))],
                    ["releases loaded in this run", str(summary.releases_loaded)],
                    ["releases already in the warehouse", str(summary.releases_already_loaded)],
                    ["releases held back (failed a critical check)", str(len(summary.failed_releases))],
                    ["figures loaded", str(summary.facts_loaded)],
                    ["input rows quarantined", str(summary.rows_quarantined)],
                    ["critical checks passed", f"{len(critical) - len(failed_critical)} of {len(critical)}"],
                    ["warning checks passed", f"{len(warnings) - len(failed_warnings)} of {len(warnings)}"],
                    ["rows behind warnings", str(sum(len(c.failing_rows) for c in failed_warnings))],
                    ["published releases in the warehouse", str(summary.published_releases)],
                    ["published figures in the warehouse", str(summary.published_facts)],
                ],
                numeric={1},
            ),
        ),
        ("p", f"Source: `{summary.source}`. Warehouse: `{summary.database}`."),
    ]
    if rebuilt:
        table: Table = blocks[3][1]  # type: ignore[assignment]
        table.rows = [row for row in table.rows if "check" in row[0] or "warnings" in row[0]]
        blocks[4] = ("p", f"Source: `{summary.source}`. Rebuilt from the warehouse's check results.")
    if summary.failed_releases:
        blocks += [
            ("h2", "Releases held back"),
            (
                "p",
                "These releases failed a critical check. They are kept in the warehouse with state `failed` "
                "and appear in no view; the views show the last validated state.",
            ),
            ("list", [f"release {rid}: {reason}" for rid, reason in summary.failed_releases.items()]),
        ]
    if headline:
        blocks += [
            ("h2", "The headline as published now"),
            ("chart", headline),
            (
                "p",
                f"Whole-industry IIP, change against the same month of the previous year (%), latest vintage, "
                f'{headline[0][0]} to {headline[-1][0]}: `iip sql "select * from iip_headline"`.',
            ),
        ]
    if contributions:
        blocks += [
            ("h2", "The sections' contributions to the headline"),
            ("svg", contributions_chart(contributions)),
            (
                "p",
                "Contributions of sections B, C, D and E (percentage points) to the headline change against the "
                "same period of the previous year, stacked; dots: the headline change. January-to-date figures "
                "where a release states contributions to them, else the month's: "
                '`iip sql "select * from iip_section_contributions"`.',
            ),
        ]
    if releases and summary.checks:
        blocks += [
            ("h2", "Check outcomes over releases"),
            ("svg", outcomes_grid(summary.checks, releases)),
            (
                "p",
                f"One row per check, one column per release ({len(releases)}, in the order of their periods): red "
                "where a critical check fails on a row the release stated, orange for a warning. "
                '`iip sql "select check_name, release_ids from check_result where not success"`.',
            ),
        ]
    if data_docs:
        blocks += [
            ("link", ("Great Expectations Data Docs of this run's validations", data_docs)),
            ("p", "Every expectation with what GX observed, suite by suite (GX's pages load their styles online)."),
        ]
    blocks += [("h2", "Critical failures")]
    blocks += _check_sections(failed_critical) if failed_critical else [("p", "None: every critical check passed.")]
    blocks += [("h2", "Warnings")]
    blocks += _check_sections(failed_warnings) if failed_warnings else [("p", "None: every warning check passed.")]
    blocks += [
        ("h2", "All checks"),
        (
            "table",
            Table(
                ["suite", "check", "severity", "result", "failing rows", "releases behind them", "what it checks"],
                [
                    [
                        c.suite,
                        c.check,
                        c.severity,
                        "pass" if c.success else "**FAIL**",
                        str(len(c.failing_rows)),
                        str(len({r for row in c.failing_rows for r in row.get("release_ids") or []})),
                        c.explains,
                    ]
                    for c in sorted(summary.checks, key=lambda c: (c.success, c.severity != "critical", c.suite))
                ],
                numeric={4, 5},
            ),
        ),
        ("h2", "Files"),
        (
            "table",
            Table(
                ["file", "releases", "facts loaded", "rows quarantined", "status"],
                [
                    [f.name, str(f.releases), str(f.facts_loaded), str(f.rows_quarantined), f.status]
                    for f in summary.files
                ],
                numeric={1, 2, 3},
            ),
        ),
    ]
    if summary.ignored_files:
        blocks += [("p", "Not release files, ignored: " + ", ".join(f"`{n}`" for n in summary.ignored_files))]
    if quarantined:
        blocks += [
            ("h2", "Quarantined input"),
            ("p", "Kept verbatim in the `quarantine` table; nothing was dropped."),
            ("table", Table(["file", "location", "label", "value", "reason"], [list(r) for r in quarantined])),
        ]
    return blocks


def _verdict(summary: RunSummary, failed_critical: list[CheckOutcome], failed_warnings: list[CheckOutcome]) -> str:
    if failed_critical:
        held = len(summary.failed_releases)
        return (
            f"**{summary.outcome.upper()}.** {len(failed_critical)} critical check(s) failed; "
            f"{held} release(s) held back from the published views. "
            f"{len(failed_warnings)} warning check(s) list rows for a second look."
        )
    if summary.rejected_files:
        return f"**{summary.outcome.upper()}.** {len(summary.rejected_files)} file(s) could not be read at all."
    return (
        f"**OK.** Every critical check passed and every new release is published. "
        f"{len(failed_warnings)} warning check(s) list rows for a second look; warnings never block."
    )


def _check_sections(checks: list[CheckOutcome]) -> list[Block]:
    blocks: list[Block] = []
    for check in checks:
        shown = check.failing_rows[: ROWS_SHOWN[check.severity]]
        blocks += [
            ("h3", f"{check.suite}.{check.check} ({check.severity}, {len(check.failing_rows)} rows)"),
            ("p", check.explains),
            ("table", Table(["figure", "values", "tolerance", "releases", "source"], [_row_cells(r) for r in shown])),
        ]
        if len(check.failing_rows) > len(shown):
            blocks.append(
                (
                    "p",
                    f"{len(check.failing_rows) - len(shown)} more rows in the warehouse: `select failing_rows "
                    f"from check_result where check_name = '{check.check}' order by checked_at desc limit 1`",
                )
            )
    return blocks


def _row_cells(row: dict[str, object]) -> list[str]:
    """figure | values | tolerance | releases | source: one failing row, the way its check sees it."""
    where, figures = describe_parts(row)
    tolerance = ", ".join(f"{k}={v}" for k, v in row.items() if k.startswith("tolerance") and v is not None)
    values = ", ".join(f"{k}={v}" for k, v in figures if not k.startswith("tolerance"))
    releases = ", ".join(str(r) for r in (row.get("release_ids") or []))  # type: ignore[union-attr]
    return [where, values, tolerance, releases, str(row.get("source", "?"))]


def render_markdown(blocks: list[Block]) -> str:
    out: list[str] = []
    for kind, content in blocks:
        if kind in {"h1", "h2", "h3"}:
            out += ["#" * int(kind[1]) + f" {content}", ""]
        elif kind == "p":
            out += [str(content), ""]
        elif kind == "list":
            out += [f"- {_cell(str(item))}" for item in content] + [""]  # type: ignore[attr-defined]
        elif kind in {"chart", "svg"}:
            out += ["(A chart of the series is in the HTML report.)", ""]
        elif kind == "link":
            text, href = content  # type: ignore[misc]
            out += [f"[{text}]({href})", ""]
        else:
            table: Table = content  # type: ignore[assignment]
            out.append("| " + " | ".join(table.header) + " |")
            out.append("|" + "|".join("---:" if i in table.numeric else "---" for i in range(len(table.header))) + "|")
            out += ["| " + " | ".join(_cell(v) for v in row) + " |" for row in table.rows]
            out.append("")
    return "\n".join(out)


_HTML_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; } h3 { font-size: 1.05em; }
table { border-collapse: collapse; margin: .5em 0 1em; font-size: .92em; }
th, td { border: 1px solid #ddd; padding: .25em .5em; vertical-align: top; text-align: left; }
th { background: #f3f3f3; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
strong.fail, .fail { color: #b00020; } code { background: #f3f3f3; padding: 0 .2em; }
"""


def render_html(blocks: list[Block]) -> str:
    """The same report as one self-contained HTML page: no script, no stylesheet or font from the network."""
    title = next((str(c) for k, c in blocks if k == "h1"), "Data-quality report")
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(title)}</title><style>{_HTML_STYLE}</style></head><body>",
    ]
    for kind, content in blocks:
        if kind in {"h1", "h2", "h3"}:
            out.append(f"<{kind}>{_inline_html(str(content))}</{kind}>")
        elif kind == "p":
            out.append(f"<p>{_inline_html(str(content))}</p>")
        elif kind == "chart":
            out.append(_svg_line_chart(content))  # type: ignore[arg-type]
        elif kind == "link":
            text, href = content  # type: ignore[misc]
            out.append(f'<p><a class="data-docs" href="{escape(href)}">{escape(text)}</a></p>')
        elif kind == "svg":
            out.append(str(content))  # drawn by warehouse.report_svg, which escapes the text it places
        elif kind == "list":
            out.append("<ul>" + "".join(f"<li>{_inline_html(str(i))}</li>" for i in content) + "</ul>")  # type: ignore[attr-defined]
        else:
            table: Table = content  # type: ignore[assignment]
            head = "".join(f"<th>{escape(h)}</th>" for h in table.header)
            body = "".join(
                "<tr>"
                + "".join(
                    ("<td class='n'>" if i in table.numeric else "<td>") + f"{_inline_html(v)}</td>"
                    for i, v in enumerate(row)
                )
                + "</tr>"
                for row in table.rows
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _svg_line_chart(series: list[tuple[str, float]], width: int = 900, height: int = 260) -> str:
    """An inline SVG line of (period, value): drawn here, so the page needs no script and no network."""
    pad = 40
    values = [v for _, v in series]
    low, high = min([*values, 0.0]), max([*values, 0.0])
    span = (high - low) or 1.0

    def x(i: int) -> float:
        return pad + i * (width - 2 * pad) / max(len(series) - 1, 1)

    def y(v: float) -> float:
        return height - pad - (v - low) * (height - 2 * pad) / span

    points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
    years = [(i, p[:4]) for i, (p, _) in enumerate(series) if p.endswith("-01") or i == 0]
    labels = "".join(
        f'<text x="{x(i):.1f}" y="{height - pad + 16}" font-size="11" text-anchor="middle">{year}</text>'
        for i, year in years
    )
    return (
        f'<svg class="chart" role="img" aria-label="headline change over time" width="{width}" height="{height}">'
        f'<line x1="{pad}" x2="{width - pad}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#999" stroke-dasharray="4 3"/>'
        f'<text x="4" y="{y(high) + 4:.1f}" font-size="11">{high:.1f}</text>'
        f'<text x="4" y="{y(low) + 4:.1f}" font-size="11">{low:.1f}</text>'
        f'<polyline fill="none" stroke="#1f5fa8" stroke-width="1.6" points="{points}"/>{labels}</svg>'
    )


def _inline_html(text: str) -> str:
    """Markdown's **bold** and `code` in HTML; everything else escaped."""
    html = escape(text)
    html = re.sub(r"\*\*(.+?)\*\*", r'<strong class="fail">\1</strong>', html)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", html)


def write_report(
    con: duckdb.DuckDBPyConnection,
    summary: RunSummary,
    reports_dir: Path,
    sha256s: list[str],
    data_docs: Path | None = None,
) -> Path:
    """Write the run's report as Markdown and HTML beside the warehouse; latest.md / latest.html are the newest."""
    quarantined = con.execute(statement("report/quarantined_rows"), {"sha256s": sha256s}).fetchall()
    headline = [(str(p), float(v)) for p, v in con.execute(statement("report/headline_series")).fetchall()]
    contributions = [
        ContributionPoint(str(period), kind, float(change), dict(zip("BCDE", parts, strict=True)))
        for period, kind, change, *parts in con.execute(statement("report/contributions_series")).fetchall()
    ]
    releases = [CheckedRelease(*row) for row in con.execute(statement("report/releases_checked")).fetchall()]
    blocks = report_blocks(
        summary,
        [tuple("" if v is None else str(v) for v in row) for row in quarantined],
        headline=headline,
        contributions=contributions,
        releases=releases,
        data_docs=data_docs.relative_to(reports_dir).as_posix() if data_docs else None,
    )
    reports_dir.mkdir(parents=True, exist_ok=True)
    path = reports_dir / f"{summary.run_id}.md"
    for suffix, text in ((".md", render_markdown(blocks)), (".html", render_html(blocks))):
        path.with_suffix(suffix).write_text(text, encoding="utf-8")
        (reports_dir / f"latest{suffix}").write_text(text, encoding="utf-8")
    return path


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


@dataclass(frozen=True)
class StoredReport:
    run_id: str
    markdown: Path
    html: Path
    text: str  # the Markdown report as written by the run, else rebuilt from check_result


def stored_report(con: duckdb.DuckDBPyConnection, reports_dir: Path, run_id: str | None = None) -> StoredReport:
    """The report of a run (the latest by default): the file the run wrote, or its checks from the warehouse."""
    found = con.execute(statement("report/find_run"), {"run_id": run_id}).fetchone()
    if found is None:
        raise LookupError(f"no run {run_id!r} in the warehouse" if run_id else "the warehouse has no run yet")
    run_id, _, source, outcome = found
    markdown, html = reports_dir / f"{run_id}.md", reports_dir / f"{run_id}.html"
    if markdown.exists():
        return StoredReport(run_id, markdown, html, markdown.read_text(encoding="utf-8"))
    checks = [
        CheckOutcome(suite, check, expectation, severity, _explanation(suite, check), success, json.loads(rows or "[]"))
        for suite, check, expectation, severity, success, rows in con.execute(
            statement("report/run_checks"), {"run_id": run_id}
        ).fetchall()
    ]
    failed = dict(con.execute(statement("report/failed_releases")).fetchall())
    summary = RunSummary(run_id, Path(""), source, [], [], 0, 0, 0, 0, failed, checks)
    blocks = report_blocks(summary, [], rebuilt=True)
    blocks.insert(
        1,
        (
            "p",
            f"Rebuilt from the warehouse's check results: the report file of this run ({outcome}) "
            f"is not in `{reports_dir}`, so files and quarantined input are not listed.",
        ),
    )
    return StoredReport(run_id, markdown, html, render_markdown(blocks))


def _explanation(suite: str, check: str) -> str:
    """What a check explains, from its suite as it reads today."""
    from warehouse.settings import EXPECTATIONS_DIR
    from warehouse.validate import read_suite_definition

    path = EXPECTATIONS_DIR / f"{suite}.json"
    if not path.exists():
        return ""
    meta = [e["meta"] for e in read_suite_definition(path)["expectations"] if e["meta"]["check"] == check]
    return meta[0].get("explains", "") if meta else ""
