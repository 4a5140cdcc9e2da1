"""Score the text extractor against a hand-made answer key (../shared/gold/seed_facts.csv): precision, recall.

A figure counts as found only when every part of it matches: period type, period, place, industry, measure,
base, value, upper value and status. The key names measures as `iip_change_pct` where the warehouse says
`change_pct`, and places as written; both are brought to the warehouse's codes before comparing.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from warehouse.reference import geo_code
from warehouse.text.document import read_document
from warehouse.text.extract import TextFigure, extract_figures

_GOLD_MEASURES = {"iip_change_pct": "change_pct"}
Key = tuple[str, str, str, str, str, str, str, float, float | None, str]


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positive + self.false_positive
        return self.true_positive / found if found else 1.0

    @property
    def recall(self) -> float:
        stated = self.true_positive + self.false_negative
        return self.true_positive / stated if stated else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class Evaluation:
    by_document: dict[str, Score] = field(default_factory=dict)
    by_measure: dict[str, Score] = field(default_factory=dict)
    total: Score = field(default_factory=Score)
    missed: list[Key] = field(default_factory=list)
    spurious: list[tuple[Key, str]] = field(default_factory=list)  # with the quote it came from


def _geo(name: str, period: str) -> str:
    year = int(period[:4])
    return geo_code(name, date(year, 12, 31) if year < 2025 else date(year, 1, 1)) or name


def _value(text: str) -> float | None:
    return round(float(text), 6) if text.strip() else None


def gold_keys(gold_csv: Path) -> dict[str, list[Key]]:
    keys: dict[str, list[Key]] = {}
    with gold_csv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            value = _value(row["value"])
            assert value is not None, row
            keys.setdefault(row["doc"], []).append(
                (
                    row["doc"],
                    row["period_type"],
                    row["period"],
                    _geo(row["geo"], row["period"]),
                    row["industry"],
                    _GOLD_MEASURES.get(row["measure"], row["measure"]),
                    row["base"],
                    value,
                    _value(row["value_high"]),
                    row["status"],
                )
            )
    return keys


def figure_key(document: str, figure: TextFigure) -> Key:
    return (
        document,
        figure.period_type,
        figure.period,
        _geo(figure.geo, figure.period),
        figure.industry,
        figure.measure,
        figure.base,
        round(figure.value, 6),
        None if figure.value_high is None else round(figure.value_high, 6),
        figure.status or "",
    )


def evaluate(seeds_dir: Path, gold_csv: Path) -> Evaluation:
    """Extract every article in `seeds_dir` (its own date, or none: no date is given) and score it."""
    gold = gold_keys(gold_csv)
    result = Evaluation()
    for path in sorted(p for p in seeds_dir.iterdir() if p.suffix.lower() in {".txt", ".html", ".htm"}):
        extraction = extract_figures(read_document(path))
        found = {figure_key(path.name, f): f.quote for f in extraction.figures}
        expected = Counter(gold.get(path.name, []))
        score = result.by_document.setdefault(path.name, Score())
        for key in set(found) | set(expected):
            measure = result.by_measure.setdefault(key[5], Score())
            hit, stated = key in found, key in expected
            for tally in (score, measure, result.total):
                tally.true_positive += hit and stated
                tally.false_positive += hit and not stated
                tally.false_negative += stated and not hit
            if stated and not hit:
                result.missed.append(key)
            if hit and not stated:
                result.spurious.append((key, found[key]))
    return result


def table(evaluation: Evaluation) -> str:
    """The scores as a plain-text table: one row per article, one per measure, and the total."""
    lines = [f"{'':40} {'found':>5} {'false':>5} {'missed':>6} {'precision':>9} {'recall':>6} {'F1':>5}"]

    def row(name: str, score: Score) -> str:
        return (
            f"{name:40} {score.true_positive:5d} {score.false_positive:5d} {score.false_negative:6d} "
            f"{score.precision:9.3f} {score.recall:6.3f} {score.f1:5.3f}"
        )

    lines += [row(name, score) for name, score in sorted(evaluation.by_document.items())]
    lines.append("")
    lines += [row(name, score) for name, score in sorted(evaluation.by_measure.items())]
    lines.append("")
    lines.append(row("all", evaluation.total))
    lines += [f"missed    {key}" for key in evaluation.missed]
    lines += [f"spurious  {key}  <- {quote!r}" for key, quote in evaluation.spurious]
    return "\n".join(lines)
