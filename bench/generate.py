"""Write a synthetic but realistic release history for the benchmark: every month's release, as the office
publishes it, from a model whose identities hold exactly up to the published rounding.

    python -m bench.generate OUT [--start 2010-01] [--end 2026-10] [--scale N] [--faults RATE] [--seed S]

OUT/releases/ holds, per month, the IIP-by-industry workbook in the office's layout (written by the sample
builder's own writer) and a figures CSV with what the workbook does not carry: the sections' contributions,
every province valid at the date (63, then 34 from 2025-07-01), about 60 main products, and manufacturing
consumption and inventory. OUT/floor.csv holds every figure of every release in one plain table, the floor
the benchmark loads with a single read_csv. OUT/manifest.json says what was generated; with --faults,
OUT/faults.json lists every fault injected, with the file and cell or line it sits in.

The model: a quantity q[division, month] (trend, season, shocks), aggregated with fixed base-year weights, so
a section's or the whole industry's level is a sum, and each section's contribution to the headline change,
100 * (L_S(t) - L_S(t0)) / L_TOTAL(t0), adds up to the headline change exactly before rounding. Each release
estimates its month and revises the two before it: a figure's estimate carries noise that shrinks with age
(none from the second revision on), and every figure of one release is computed from that release's vintage,
so the identities hold within each release. Rounded to two decimals as published, the four contributions
and the headline differ by at most 4 x 0.005 + 0.005 pp: exactly the tolerance the additivity check allows.

--scale N writes N editions of every release (the same figures under another file name or document), so
files, releases and rows grow N-fold while the published state stays the same: the cost of volume alone.
"""

from __future__ import annotations

import argparse
import calendar
import csv
import json
import math
import random
import sys
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the sample builder lives in scripts/, outside the installed package

from scripts.build_sample import ROW_NAMES, TOP_LEVEL, write_industry_sheet  # noqa: E402
from warehouse.readers.figures_csv import OPTIONAL_COLUMNS, REQUIRED_COLUMNS  # noqa: E402
from warehouse.reference import geographies, read_reference  # noqa: E402

SECTIONS = ("B", "C", "D", "E")
FIGURES_COLUMNS = [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS]  # the figures file the reader expects
FLOOR_COLUMNS = [
    "source_file",
    "document",
    "published_on",
    "period_type",
    "period",
    "geo",
    "subject_kind",
    "subject_code",
    "measure",
    "base",
    "value",
]
FAULT_KINDS = ("wrong_contribution", "missing_province", "decimal_slip", "duplicated_row")
NOISE_BY_AGE = (0.012, 0.004)  # relative error of a first estimate and of its first revision; final after
SHEET_NAME = "2.IIPthang"
YOY, MOM = "same_period_prev_year", "prev_month"


def month_label(n: int) -> str:
    return f"{n // 12}-{n % 12 + 1:02d}"


def parse_month(text: str) -> int:
    year, month = text.split("-")
    return int(year) * 12 + int(month) - 1


def month_end(n: int) -> date:
    year, month = divmod(n, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


@dataclass(frozen=True)
class Industry:
    code: str
    section: str
    weight: float  # base-year value-added weight


@dataclass
class Release:
    """One month's publication: the workbook's rows and the figures file's rows, before faults."""

    month: int
    published_on: date
    edition: int
    workbook_columns: list[tuple[tuple[str, ...], int, str, str]]  # header parts, month, period_type, base
    workbook_rows: list[tuple[str, list[float]]]  # industry code, one figure per column
    figure_rows: list[dict[str, str]] = field(default_factory=list)

    @property
    def stem(self) -> str:
        suffix = "" if self.edition == 1 else f"-b{self.edition}"
        year, month = divmod(self.month, 12)
        return f"{self.published_on.isoformat()}-So-lieu-{month + 1:02d}.{year}{suffix}"

    @property
    def document(self) -> str:
        suffix = "" if self.edition == 1 else f"-b{self.edition}"
        return f"gso-{month_label(self.month)}-press-release{suffix}"


@dataclass
class Fault:
    kind: str
    file: str
    document: str
    location: str  # sheet!cell or "line N"; for a missing row, the line it would have had
    period_type: str
    period: str
    geo: str
    subject: str
    measure: str
    base: str
    published: str  # the value as it should read
    injected: str  # what the file says instead ("" for a missing row)


class Model:
    """Quantities per division and month, vintages of them, and every published figure derived from them."""

    def __init__(self, seed: int, first: int, last: int) -> None:
        self.seed = seed
        self.first = first - 14  # a year of comparisons before the first release, and two revised months
        self.industries = _industries(random.Random(seed))
        self.provinces = [g for g in geographies() if g.geo_code != "VN"]
        self.products = list(read_reference("products"))
        rng = random.Random(seed + 1)
        self.province_factor = {p.geo_code: rng.uniform(0.4, 1.6) for p in self.provinces}
        self.product_base = {p["code"]: rng.uniform(50, 5000) for p in self.products}
        self.truth: dict[str, list[float]] = {}
        for index, industry in enumerate(self.industries):
            drift = rng.uniform(0.002, 0.012)
            season = rng.uniform(0.02, 0.12)
            level, series = 100.0, []
            walk = random.Random(seed * 1000 + index)
            for n in range(self.first, last + 1):
                level *= math.exp(drift + walk.gauss(0, 0.015))
                series.append(level * (1 + season * math.sin(2 * math.pi * (n % 12) / 12 + index)))
            self.truth[industry.code] = series

    def quantity(self, code: str, n: int, age: int) -> float:
        """Division `code` in month n as a release `age` months later estimates it."""
        value = self.truth[code][n - self.first]
        if age < len(NOISE_BY_AGE):
            value *= 1 + random.Random(f"{self.seed}|{code}|{n}|{age}").gauss(0, NOISE_BY_AGE[age])
        return value

    def levels(self, release: int, n: int) -> dict[str, float]:
        """Weighted levels of every division, section and the whole industry, as release `release` sees month n."""
        age = release - n
        levels = {i.code: i.weight * self.quantity(i.code, n, age) for i in self.industries}
        for section in SECTIONS:
            levels[section] = sum(levels[i.code] for i in self.industries if i.section == section)
        levels["TOTAL"] = sum(levels[s] for s in SECTIONS)
        return levels

    def comparison(
        self, release: int, n: int, period_type: str, base: str
    ) -> tuple[dict[str, float], dict[str, float]]:
        """(levels of the period, levels of the comparison period) for month n or the year to month n."""
        if period_type == "month":
            earlier = n - 1 if base == MOM else n - 12
            return self.levels(release, n), self.levels(release, earlier)
        months = range(n - n % 12, n + 1)
        return _summed(self.levels(release, m) for m in months), _summed(self.levels(release, m - 12) for m in months)


def _summed(levels: Iterator[dict[str, float]]) -> dict[str, float]:
    total: dict[str, float] = {}
    for one in levels:
        for key, value in one.items():
            total[key] = total.get(key, 0.0) + value
    return total


def _industries(rng: random.Random) -> list[Industry]:
    """The divisions the workbook prints. Division 35 is the whole of section D, printed once, as D."""
    rows = read_reference("industries")
    divisions = [r for r in rows if r["level"] == "division"]
    raw = {r["code"]: rng.uniform(0.2, 3.0) * (8 if r["parent"] == "C" else 1) for r in divisions}
    total = sum(raw.values())
    return [Industry(r["code"], r["parent"], raw[r["code"]] / total) for r in divisions]


def row_label(code: str) -> str:
    """The name a workbook prints for an industry: the sample's (with the office's line breaks), else VSIC's."""
    return ROW_NAMES.get(code) or next(r["name_vi"] for r in read_reference("industries") if r["code"] == code)


def workbook_rows_order(model: Model) -> list[str]:
    order = ["TOTAL"]
    for section in SECTIONS:
        order.append(section)
        order.extend(i.code for i in model.industries if i.section == section and section != "D")
    return order


def build_release(model: Model, n: int, edition: int) -> Release:
    published = month_end(n)
    columns: list[tuple[tuple[str, ...], int, str, str]] = []
    for m in (n - 2, n - 1, n):
        year, month = divmod(m, 12)
        columns.append(((f"Tháng {month + 1:02d}", f"năm {year}", "so với", "tháng", "trước"), m, "month", MOM))
        columns.append(((f"Tháng {month + 1:02d}", f"năm {year}", "so với", "cùng kỳ", "năm trước"), m, "month", YOY))
    if n % 12:  # from February on, the year to date; in January it is the month itself
        columns.append(((f"{n % 12 + 1} tháng", f"năm {n // 12}", "so với", "cùng kỳ", "năm trước"), n, "ytd", YOY))

    order = workbook_rows_order(model)
    values: dict[str, list[float]] = {code: [] for code in order}
    release = Release(n, published, edition, columns, [])
    for _, m, period_type, base in columns:
        now, then = model.comparison(n, m, period_type, base)
        for code in order:
            values[code].append(round(100 * now[code] / then[code], 2))
        for section in SECTIONS:
            contribution = 100 * (now[section] - then[section]) / then["TOTAL"]
            release.figure_rows.append(
                _figure(release, period_type, m, "VN", section, "contribution_pp", base, f"{contribution:.2f}")
            )
    release.workbook_rows = [(code, values[code]) for code in order]

    provinces_up = provinces_down = 0
    for m in (n - 2, n - 1, n):
        on = min(month_end(m), published)
        national = values["TOTAL"][[c[1] for c in columns].index(m) + 1] - 100  # this month's yoy change
        for province in (p for p in model.provinces if p.valid_on(on)):
            noise = random.Random(f"{model.seed}|{province.geo_code}|{m}|{n - m}").gauss(0, 2.5)
            change = national * model.province_factor[province.geo_code] + noise
            release.figure_rows.append(
                _figure(release, "month", m, province.name_vi, "TOTAL", "index", YOY, f"{100 + change:.2f}")
            )
            if m == n:
                provinces_up, provinces_down = provinces_up + (change > 0), provinces_down + (change < 0)
    release.figure_rows.append(
        _figure(release, "month", n, "VN", "TOTAL", "provinces_up_count", YOY, str(provinces_up))
    )
    release.figure_rows.append(
        _figure(release, "month", n, "VN", "TOTAL", "provinces_down_count", YOY, str(provinces_down))
    )

    for product in model.products:
        for m in (n - 1, n):
            output = model.product_base[product["code"]] * model.quantity(product["industry"], m, n - m) / 100
            release.figure_rows.append(
                _figure(
                    release,
                    "month",
                    m,
                    "VN",
                    product["industry"],
                    "product_output",
                    "none",
                    f"{output:.1f}",
                    product=product["code"],
                )
            )
        before = model.product_base[product["code"]] * model.quantity(product["industry"], n - 12, 12) / 100
        now_output = model.product_base[product["code"]] * model.quantity(product["industry"], n, 0) / 100
        release.figure_rows.append(
            _figure(
                release,
                "month",
                n,
                "VN",
                product["industry"],
                "change_pct",
                YOY,
                f"{100 * (now_output / before - 1):.1f}",
                product=product["code"],
            )
        )

    now, then = model.comparison(n, n, "month", YOY)
    for code in ["C", *(i.code for i in model.industries if i.section == "C")]:
        consumption = 100 * now[code] / then[code] * (1 + random.Random(f"c|{code}|{n}").gauss(0, 0.02))
        inventory = 100 * (1 + random.Random(f"i|{code}|{n}").gauss(0.05, 0.08))
        release.figure_rows.append(
            _figure(release, "month", n, "VN", code, "consumption_index", YOY, f"{consumption:.2f}")
        )
        release.figure_rows.append(_figure(release, "month", n, "VN", code, "inventory_index", YOY, f"{inventory:.2f}"))
    return release


def _figure(
    release: Release,
    period_type: str,
    m: int,
    geo: str,
    industry: str,
    measure: str,
    base: str,
    value: str,
    product: str = "",
) -> dict[str, str]:
    return {
        "publisher": "GSO" if release.published_on < date(2025, 3, 1) else "NSO",
        "published_on": release.published_on.isoformat(),
        "document": release.document,
        "period_type": period_type,
        "period": month_label(m),
        "geo": geo,
        "industry": industry,
        "measure": measure,
        "base": base,
        "value": value,
        "value_high": "",
        "status": "estimate" if m == release.month else "preliminary",
        "quote": "",
        "note": "",
        "product": product,
    }


def inject_faults(releases: list[Release], rate: float, rng: random.Random) -> list[Fault]:
    """Put `rate` x releases faults (at least one of each kind) where they stay in the published state.

    A fault sits in a figure no later release restates (the month before last, a product's revised month, a
    province's revised month), so a check of what is published can see it; a fault in a superseded estimate
    would be invisible to any check of the latest vintage, which is a different question."""
    count = max(len(FAULT_KINDS), round(rate * len(releases))) if rate > 0 else 0
    chosen = rng.sample(range(len(releases)), min(count, len(releases)))
    faults: list[Fault] = []
    for index, position in enumerate(sorted(chosen)):
        release = releases[position]
        kind = FAULT_KINDS[index % len(FAULT_KINDS)]
        oldest = month_label(release.month - 2)
        if kind == "decimal_slip":
            column = next(
                i for i, c in enumerate(release.workbook_columns) if c[1] == release.month - 2 and c[3] == YOY
            )
            row = rng.randrange(len(release.workbook_rows))
            code, figures = release.workbook_rows[row]
            right = figures[column]
            figures[column] = round(right * 10, 1) if rng.random() < 0.5 else round(right / 10, 3)
            first_row = 4 + max(len(c[0]) for c in release.workbook_columns) + 1
            faults.append(
                Fault(
                    kind,
                    f"{release.stem}.xlsx",
                    "",
                    f"{SHEET_NAME}!{chr(66 + column)}{first_row + row}",
                    "month",
                    oldest,
                    "VN",
                    code,
                    "index",
                    YOY,
                    f"{right:.2f}",
                    str(figures[column]),
                )
            )
            continue
        rows = release.figure_rows
        pick = "contribution_pp" if kind == "wrong_contribution" else "index"
        candidates = [
            i
            for i, r in enumerate(rows)
            if r["measure"] == pick and r["period"] == oldest and (pick != "index" or r["geo"] != "VN")
        ]
        at = rng.choice(candidates)
        source = dict(rows[at])
        right = source["value"]
        if kind == "wrong_contribution":
            rows[at] = source | {"value": f"{float(right) + rng.choice([-1, 1]) * rng.uniform(0.2, 2.0):.2f}"}
        elif kind == "missing_province":
            del rows[at]
        else:  # duplicated_row: a province's line typed twice, the second time with another value
            at += 1
            rows.insert(at, source | {"value": f"{float(right) + rng.uniform(0.5, 3):.2f}"})
        faults.append(
            Fault(
                kind,
                f"{release.stem}.csv",
                release.document,
                f"line {at + 2}",  # the header is line 1; a missing row's line is where it would have been
                source["period_type"],
                oldest,
                source["geo"],
                source["product"] or source["industry"],
                source["measure"],
                source["base"],
                right,
                "" if kind == "missing_province" else rows[at]["value"],
            )
        )
    return faults


def write_workbook(release: Release, path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_NAME
    write_industry_sheet(
        sheet,
        [c[0] for c in release.workbook_columns],
        [(row_label(code), code in TOP_LEVEL, figures) for code, figures in release.workbook_rows],
    )
    if release.edition > 1:  # another edition of the same figures: other bytes, so another release
        book.create_sheet("Ghi chu").append([f"edition {release.edition}"])
    book.save(path)


def floor_rows(release: Release) -> Iterator[list[str]]:
    workbook = f"{release.stem}.xlsx"
    for code, figures in release.workbook_rows:
        for (_, m, period_type, base), value in zip(release.workbook_columns, figures, strict=True):
            yield [
                workbook,
                "",
                release.published_on.isoformat(),
                period_type,
                month_label(m),
                "VN",
                "industry",
                code,
                "index",
                base,
                repr(value),
            ]
    figures_file = f"{release.stem}.csv"
    for r in release.figure_rows:
        kind, subject = ("product", r["product"]) if r["product"] else ("industry", r["industry"])
        yield [
            figures_file,
            r["document"],
            r["published_on"],
            r["period_type"],
            r["period"],
            r["geo"],
            kind,
            subject,
            r["measure"],
            r["base"],
            r["value"],
        ]


def generate(out: Path, start: str, end: str, scale: int = 1, faults: float = 0.0, seed: int = 2010) -> dict:
    first, last = parse_month(start), parse_month(end)
    if last < first:
        raise SystemExit(f"--end {end} is before --start {start}")
    model = Model(seed, first, last)
    releases_dir = out / "releases"
    releases_dir.mkdir(parents=True, exist_ok=True)
    for stale in releases_dir.iterdir():
        stale.unlink()
    releases = [build_release(model, n, edition) for n in range(first, last + 1) for edition in range(1, scale + 1)]
    injected = inject_faults(releases, faults, random.Random(seed + 7))
    counts = {"workbook_figures": 0, "csv_figures": 0}
    with (out / "floor.csv").open("w", encoding="utf-8", newline="") as floor_handle:
        floor = csv.writer(floor_handle)
        floor.writerow(FLOOR_COLUMNS)
        for release in releases:
            write_workbook(release, releases_dir / f"{release.stem}.xlsx")
            with (releases_dir / f"{release.stem}.csv").open("w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, FIGURES_COLUMNS)
                writer.writeheader()
                writer.writerows(release.figure_rows)
            floor.writerows(floor_rows(release))
            counts["workbook_figures"] += sum(len(f) for _, f in release.workbook_rows)
            counts["csv_figures"] += len(release.figure_rows)
    manifest = {
        "start": start,
        "end": end,
        "months": last - first + 1,
        "scale": scale,
        "seed": seed,
        "fault_rate": faults,
        "files": 2 * len(releases),
        "releases": 2 * len(releases),
        "figures": counts["workbook_figures"] + counts["csv_figures"],
        **counts,
        "faults": len(injected),
        "newest": sorted(f"{r.stem}{s}" for r in releases if r.month == last for s in (".xlsx", ".csv")),
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    if faults > 0:
        (out / "faults.json").write_text(
            json.dumps([asdict(f) for f in injected], ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return manifest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the folder to write (releases/, floor.csv, manifest.json)")
    parser.add_argument("--start", default="2010-01", help="the first release's month (YYYY-MM)")
    parser.add_argument("--end", default="2026-10", help="the last release's month (YYYY-MM)")
    parser.add_argument("--scale", type=int, default=1, help="editions of every release (volume x N)")
    parser.add_argument("--faults", type=float, default=0.0, help="faults per release (0.05: one in twenty)")
    parser.add_argument("--seed", type=int, default=2010)
    args = parser.parse_args(argv)
    manifest = generate(args.out, args.start, args.end, args.scale, args.faults, args.seed)
    print(json.dumps(manifest))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
