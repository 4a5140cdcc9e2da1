"""The benchmark: whole-process timings of what users run, against the floors measured in the same run.

    python -m bench.run [--start 2010-01] [--end 2026-10] [--scale N] [--repeats 5] [--faults RATE]
                        [--only NAME,...] [--nso ../shared/nso] [--out bench/results/latest.json]

Every scenario is one command line run as a child process, timed from start to exit, after one warm-up run;
the median of `--repeats` runs is reported with the peak resident memory of the largest process of its tree
(os.wait4's ru_maxrss). Each scenario names the floor it is compared with: the least any program could do for
the same result (DuckDB reading the same rows with one read_csv; a plain Python process importing duckdb and
asking the same query; calamine opening the real workbooks and reading their industrial sheets).

Scenarios are rows of SCENARIOS, each a name, what it measures, a command built from the run's paths, the
state it needs and its floor: a new command (`iip backfill`, `iip validate`, a new view) joins as one row.
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.prefect_server import prefect_server

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PYTHON = str(Path(sys.executable))
IIP = str(BIN / "iip")
NSO_DIR = ROOT.parent / "shared" / "nso"

# Five questions analysts ask, through `iip sql`; the floor asks the same query from a bare Python process.
QUERIES = {
    "headline_last_24_months": (
        "select period, index_value, change_pct from iip_headline "
        "where period_type = 'month' and base = 'same_period_prev_year' order by period desc limit 24"
    ),
    "contributions_year_to_date": (
        "select * exclude (source, release_ids) from iip_section_contributions "
        "where period_type = 'ytd' order by period desc limit 12"
    ),
    "provinces_ranked_latest_month": (
        "select geo_code, value from latest_fact where geo_code <> 'VN' and measure = 'index' "
        "and period = (select max(period) from latest_fact where geo_code <> 'VN') order by value desc limit 10"
    ),
    "largest_headline_revisions": (
        "select period, max(value) - min(value) as revised_by, count(*) as vintages from published_fact "
        "where geo_code = 'VN' and subject_code = 'TOTAL' and measure = 'index' and period_type = 'month' "
        "and base = 'same_period_prev_year' group by period order by revised_by desc limit 10"
    ),
    "steel_output_by_year": (
        "select left(period, 4) as year, round(sum(value), 1) as output from latest_fact "
        "where subject_kind = 'product' and subject_code = 'crude_steel' and measure = 'product_output' "
        "group by year order by year"
    ),
}

# Configured as `iip run` configures it: no analytics (without network, its lookups cost seconds each), and the
# imports made and the process left without collecting cycles (warehouse/cycle_collector.py), so that the
# floor is the least such a program costs and what the job spends beyond it is its work.
PREFECT_FLOOR = """
from warehouse.cycle_collector import before_exit, import_in_bulk
from warehouse.settings import quiet_third_parties
quiet_third_parties()
import_in_bulk("duckdb", "polars", "great_expectations", "prefect", "prefect.flow_engine", "prefect.task_engine")
from prefect import flow

@flow
def nothing() -> None:
    pass

nothing()
before_exit()
"""


@dataclass
class Workspace:
    """Every path a scenario may need; built once per benchmark run."""

    root: Path
    history: Path  # the generated folder: releases/, floor.csv, manifest.json
    all_releases: Path
    before_newest: Path  # the releases of every month but the last
    newest: Path  # the last month's release files
    full_warehouse: Path  # the whole history loaded, for read-only scenarios
    before_newest_warehouse: Path  # every month but the last, copied before each monthly run
    scratch: Path  # a warehouse path that each run starts without
    nso: Path | None
    nso_sheets: Path
    served_env: dict[str, str] | None = None  # the environment pointing at a long-lived Prefect server


@dataclass(frozen=True)
class Scenario:
    name: str
    measures: str
    command: Callable[[Workspace], list[str]]
    floor: str | None = None  # the scenario it is compared with
    prepare: Callable[[Workspace], None] | None = None  # before each run, untimed
    needs_nso: bool = False
    served: bool = False  # run against the long-lived Prefect server, as `iip serve` runs the scheduled job


@dataclass
class Measurement:
    name: str
    measures: str
    command: list[str]
    runs_s: list[float] = field(default_factory=list)
    cpu_s: list[float] = field(default_factory=list)
    median_cpu_s: float = 0.0
    peak_rss_mib: float = 0.0
    exit_codes: list[int] = field(default_factory=list)
    floor: str | None = None
    median_s: float = 0.0
    ratio_to_floor: float | None = None
    cpu_ratio_to_floor: float | None = None


def _fresh(path: Path) -> None:
    for stale in (path, path.with_suffix(".duckdb.wal"), path.parent / "raw", path.parent / "reports"):
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.exists():
            stale.unlink()


def _empty_scratch(ws: Workspace) -> None:
    _fresh(ws.scratch)


def _copy_before_newest(ws: Workspace) -> None:
    _fresh(ws.scratch)
    shutil.copyfile(ws.before_newest_warehouse, ws.scratch)


def _iip(ws: Workspace, *args: str) -> list[str]:
    return [IIP, "--warehouse", str(ws.scratch), *args]


def _python(code: str) -> list[str]:
    return [PYTHON, "-c", code]


SCENARIOS: list[Scenario] = [
    # the floors
    Scenario(
        "floor_read_csv",
        "DuckDB loads every generated figure from one CSV into one table with a single read_csv",
        lambda ws: [
            *_python(
                "import duckdb, sys; duckdb.connect(sys.argv[1]).execute("
                "'create table fact as select * from read_csv(?)', [sys.argv[2]])"
            ),
            str(ws.scratch),
            str(ws.history / "floor.csv"),
        ],
        prepare=_empty_scratch,
    ),
    Scenario(
        "floor_python_duckdb",
        "a plain Python process: import duckdb, answer one query",
        lambda ws: _python("import duckdb; duckdb.sql('select 42').fetchall()"),
    ),
    Scenario(
        "floor_prefect_flow",
        "imports of the monthly job (duckdb, polars, GX, Prefect) and one empty Prefect flow run",
        lambda ws: _python(PREFECT_FLOOR),
    ),
    Scenario(
        "floor_prefect_flow_served",
        "the same imports and empty flow run, against a long-lived Prefect server",
        lambda ws: _python(PREFECT_FLOOR),
        served=True,
    ),
    # what users run
    Scenario(
        "backfill",
        "`iip run --source` over the whole generated history, into an empty warehouse",
        lambda ws: _iip(ws, "run", "--source", str(ws.all_releases)),
        floor="floor_read_csv",
        prepare=_empty_scratch,
    ),
    Scenario(
        "monthly",
        "the scheduled job: `iip run` of the newest month on top of the rest of the history",
        lambda ws: _iip(ws, "run", "--source", str(ws.newest)),
        floor="floor_prefect_flow",
        prepare=_copy_before_newest,
    ),
    Scenario(
        "monthly_scheduled",
        "the scheduled job as `iip serve` runs it: the same `iip run`, against a long-lived Prefect server",
        lambda ws: _iip(ws, "run", "--source", str(ws.newest)),
        floor="floor_prefect_flow_served",
        prepare=_copy_before_newest,
        served=True,
    ),
    Scenario(
        "validate_history",
        "`iip validate`: every suite of expectations/ over every row of the whole history",
        lambda ws: [IIP, "--warehouse", str(ws.full_warehouse), "validate"],
        floor="floor_python_duckdb",
    ),
    Scenario(
        "materialise_views",
        "every view computed whole and fetched (bench.tasks views)",
        lambda ws: [PYTHON, "-m", "bench.tasks", "views", str(ws.full_warehouse)],
        floor="floor_python_duckdb",
    ),
    *(
        Scenario(
            f"sql_{name}",
            f"`iip sql`: {name.replace('_', ' ')}",
            lambda ws, query=query: [IIP, "--warehouse", str(ws.full_warehouse), "sql", query],
            floor=f"floor_sql_{name}",
        )
        for name, query in QUERIES.items()
    ),
    *(
        Scenario(
            f"floor_sql_{name}",
            "the same query from `python -c 'import duckdb; ...'` on a read-only connection",
            lambda ws, query=query: [
                *_python("import duckdb, sys; duckdb.connect(sys.argv[1], read_only=True).sql(sys.argv[2]).fetchall()"),
                str(ws.full_warehouse),
                query,
            ],
        )
        for name, query in QUERIES.items()
    ),
    # the real history
    Scenario(
        "floor_read_real_workbooks",
        "calamine opens each real workbook and reads its industrial sheets (the reader's choice of sheets)",
        lambda ws: [PYTHON, "-m", "bench.tasks", "read-sheets", str(ws.nso_sheets)],
        needs_nso=True,
    ),
    Scenario(
        "backfill_real",
        "`iip run --source ../shared/nso`: the 154 real workbooks into an empty warehouse",
        lambda ws: _iip(ws, "run", "--source", str(ws.nso)),
        floor="floor_read_real_workbooks",
        prepare=_empty_scratch,
        needs_nso=True,
    ),
    Scenario(
        "backfill_real_by_year",
        "`iip backfill ../shared/nso`: the same, published one year at a time (an interrupted backfill resumes)",
        lambda ws: _iip(ws, "backfill", str(ws.nso)),
        floor="floor_read_real_workbooks",
        prepare=_empty_scratch,
        needs_nso=True,
    ),
]


def run_once(command: list[str], log: Path, env: dict[str, str] | None = None) -> tuple[float, float, int, float]:
    """(seconds, peak RSS in MiB of the largest process of the tree, exit code, CPU seconds) of one child.

    CPU seconds (user + system, the child and the processes it waited for, such as Prefect's temporary
    server) hardly move when other work shares the cores; wall-clock seconds do."""
    with log.open("ab") as out:
        started = time.perf_counter()
        child = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024, child.returncode, usage.ru_utime + usage.ru_stime


def measure(scenario: Scenario, ws: Workspace, repeats: int, log: Path) -> Measurement:
    command = scenario.command(ws)
    result = Measurement(scenario.name, scenario.measures, command, floor=scenario.floor)
    for attempt in range(repeats + 1):  # the first run warms the page cache, Python's bytecode and Prefect
        if scenario.prepare:
            scenario.prepare(ws)
        seconds, rss, code, cpu = run_once(command, log, ws.served_env if scenario.served else None)
        if attempt:
            result.runs_s.append(round(seconds, 3))
            result.cpu_s.append(round(cpu, 3))
            result.exit_codes.append(code)
            result.peak_rss_mib = max(result.peak_rss_mib, round(rss, 1))
    result.median_s = round(statistics.median(result.runs_s), 3)
    result.median_cpu_s = round(statistics.median(result.cpu_s), 3)
    return result


def prepare_workspace(args: argparse.Namespace, log: Path) -> tuple[Workspace, dict]:
    root = args.work.resolve()
    history = root / "history"
    generated = _generate(history, args, faults=0.0, log=log)
    ws = Workspace(
        root=root,
        history=history,
        all_releases=history / "releases",
        before_newest=root / "before-newest",
        newest=root / "newest",
        full_warehouse=root / "full" / "iip.duckdb",
        before_newest_warehouse=root / "before-newest-warehouse" / "iip.duckdb",
        scratch=root / "scratch" / "iip.duckdb",
        nso=args.nso if args.nso.is_dir() and not args.no_real else None,
        nso_sheets=root / "nso-sheets.json",
    )
    for folder in (ws.before_newest, ws.newest):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    for path in ws.all_releases.iterdir():
        target = ws.newest if path.name in generated["newest"] else ws.before_newest
        (target / path.name).symlink_to(path)
    for warehouse, source in ((ws.full_warehouse, ws.all_releases), (ws.before_newest_warehouse, ws.before_newest)):
        warehouse.parent.mkdir(parents=True, exist_ok=True)
        _fresh(warehouse)
        _, _, code, _ = run_once([IIP, "--warehouse", str(warehouse), "run", "--source", str(source)], log)
        if code != 0:
            raise SystemExit(f"building {warehouse} from {source} exited {code}: see {log}")
    ws.scratch.parent.mkdir(parents=True, exist_ok=True)
    if ws.nso:
        run_once([PYTHON, "-m", "bench.tasks", "find-sheets", str(ws.nso), str(ws.nso_sheets)], log)
    return ws, generated


def _generate(out: Path, args: argparse.Namespace, faults: float, log: Path) -> dict:
    command = [PYTHON, "-m", "bench.generate", str(out), "--start", args.start, "--end", args.end]
    command += ["--scale", str(args.scale), "--faults", str(faults)]
    seconds, _, code, _ = run_once(command, log)
    if code != 0:
        raise SystemExit(f"bench.generate exited {code}: see {log}")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["generate_s"] = round(seconds, 2)
    return manifest


def fault_detection(args: argparse.Namespace, ws: Workspace, log: Path) -> dict:
    """Backfill a history with faults injected, and find each fault in what the warehouse flagged."""
    import duckdb

    faulty = ws.root / "faulty"
    manifest = _generate(faulty, args, faults=args.faults, log=log)
    warehouse = ws.root / "faulty-warehouse" / "iip.duckdb"
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    _fresh(warehouse)
    seconds, _, code, _ = run_once(
        [IIP, "--warehouse", str(warehouse), "run", "--source", str(faulty / "releases")], log
    )
    faults = json.loads((faulty / "faults.json").read_text(encoding="utf-8"))
    with duckdb.connect(str(warehouse), read_only=True) as con:
        quarantined = con.sql("select source_file, location, reason from quarantine").fetchall()
        failed = con.sql("select source_file, source_document, state_reason from release where state = 'failed'")
        failed_releases = failed.fetchall()
        flagged = con.sql(
            "select suite || '.' || check_name, failing_rows from check_result where not success"
        ).fetchall()
    for fault in faults:
        fault["caught_by"] = _caught_by(fault, quarantined, failed_releases, flagged)
    kinds = sorted({f["kind"] for f in faults})
    return {
        "fault_rate": args.faults,
        "backfill_s": round(seconds, 2),
        "backfill_exit_code": code,
        "injected": len(faults),
        "caught": sum(1 for f in faults if f["caught_by"]),
        "by_kind": {
            kind: {
                "injected": sum(1 for f in faults if f["kind"] == kind),
                "caught": sum(1 for f in faults if f["kind"] == kind and f["caught_by"]),
            }
            for kind in kinds
        },
        "faults": faults,
        "manifest": manifest,
    }


def _caught_by(fault: dict, quarantined: list, failed_releases: list, flagged: list) -> str | None:
    """Which flag points at the fault: its cell or line in quarantine, its release failed, or a failing
    check row citing its cell (a missing figure: its period and province)."""
    for source_file, location, reason in quarantined:
        if source_file == fault["file"] and location.endswith(fault["location"]):
            return f"quarantine: {reason}"
    for source_file, document, reason in failed_releases:
        if source_file == fault["file"] and document == fault["document"]:
            return f"release failed: {reason}"
    for check, rows in flagged:
        for row in json.loads(rows or "[]"):
            text = json.dumps(row, ensure_ascii=False)
            cited = f"{fault['file']}" in text and fault["location"] in text
            missing = fault["kind"] == "missing_province" and fault["period"] in text and fault["geo"] in text
            if cited or missing:
                return f"check {check}"
    return None


def machine() -> dict:
    cpu = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    import duckdb

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "platform": platform.platform(),
    }


def print_table(results: list[Measurement]) -> None:
    print(f"\n{'scenario':40} {'median s':>9} {'min':>7} {'max':>7} {'cpu s':>7} {'peak MiB':>9} {'x floor':>8}  floor")
    for r in results:
        ratio = f"{r.ratio_to_floor:.2f}" if r.ratio_to_floor is not None else ""
        codes = "" if set(r.exit_codes) <= {0} else f"  exit {sorted(set(r.exit_codes))}"
        print(
            f"{r.name:40} {r.median_s:9.2f} {min(r.runs_s):7.2f} {max(r.runs_s):7.2f} {r.median_cpu_s:7.2f} "
            f"{r.peak_rss_mib:9.0f} "
            f"{ratio:>8}  {r.floor or ''}{codes}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--start", default="2010-01")
    parser.add_argument("--end", default="2026-10")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=5, help="timed runs per scenario, after one warm-up")
    parser.add_argument("--faults", type=float, default=0.0, help="also backfill a faulty history; report catches")
    parser.add_argument("--only", default="", help="comma-separated scenario names (their floors are added)")
    parser.add_argument("--nso", type=Path, default=NSO_DIR, help="the real workbooks (skipped when absent)")
    parser.add_argument("--no-real", action="store_true", help="leave out the real workbooks even when present")
    parser.add_argument("--work", type=Path, default=ROOT / "bench" / "work", help="generated files, warehouses")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "latest.json")
    args = parser.parse_args(argv)

    args.work.mkdir(parents=True, exist_ok=True)
    log = args.work.resolve() / "bench.log"
    log.write_bytes(b"")
    started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    host = machine()
    # Byte-compiled, as installing a package leaves it: an editable install under PYTHONDONTWRITEBYTECODE
    # would otherwise compile the project's modules again in every timed process.
    for package in ("warehouse", "flows"):
        compileall.compile_dir(ROOT / package, quiet=1)
    ws, generated = prepare_workspace(args, log)
    print(
        f"generated {generated['months']} months x {generated['scale']}: {generated['files']} files, "
        f"{generated['figures']} figures in {generated['generate_s']} s"
    )

    wanted = set(filter(None, args.only.split(",")))
    by_name = {s.name: s for s in SCENARIOS}
    if wanted:
        wanted |= {by_name[n].floor for n in wanted if by_name[n].floor}
    chosen = [s for s in SCENARIOS if not wanted or s.name in wanted]
    results: list[Measurement] = []
    with contextlib.ExitStack() as services:
        if any(s.served for s in chosen):  # started once, untimed, like the server `iip serve` runs against
            ws.served_env = services.enter_context(prefect_server(ws.root / "prefect-home", ws.root / "server.log"))
        for scenario in chosen:
            if scenario.needs_nso and ws.nso is None:
                print(f"skipped {scenario.name}: no real workbooks at {args.nso}")
                continue
            results.append(measure(scenario, ws, args.repeats, log))
            print(f"  {scenario.name}: median {results[-1].median_s:.2f} s", flush=True)
    medians = {r.name: r.median_s for r in results}
    cpu = {r.name: r.median_cpu_s for r in results}
    for r in results:
        if r.floor and medians.get(r.floor):
            r.ratio_to_floor = round(r.median_s / medians[r.floor], 2)
            r.cpu_ratio_to_floor = round(r.median_cpu_s / cpu[r.floor], 2) if cpu[r.floor] else None
    print_table(results)

    report: dict = {
        "started": started,
        "machine": host | {"load_average_at_end": [round(x, 2) for x in os.getloadavg()]},
        "arguments": {k: str(v) for k, v in vars(args).items()},
        "generated": generated,
        "scenarios": [asdict(r) for r in results],
    }
    if args.faults > 0:
        detection = fault_detection(args, ws, log)
        report["faults"] = detection
        print(
            f"\nfaults: {detection['caught']} of {detection['injected']} injected caught "
            f"(rate {args.faults}, backfill exit {detection['backfill_exit_code']})"
        )
        for kind, counts in detection["by_kind"].items():
            print(f"  {kind:20} {counts['caught']}/{counts['injected']}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nresults: {args.out}   log: {log}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
