"""The industrial tables a workbook may hold, each with one declared shape in the long `fact` table.

Readers tag every sheet they understand with one of these kinds and produce facts that conform to it;
tests check the same declaration. A figure's table kind shows in what it is: its subject, measure and period.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class TableKind:
    name: str
    description: str
    subject_kind: str  # fact.subject_kind
    measures: frozenset[str]  # fact.measure (warehouse/reference/measures.csv)
    period_types: frozenset[str]  # fact.period_type
    by_province: bool  # geo_code is a province (else 'VN')


_FLOWS = frozenset({"month", "quarter", "ytd", "year"})
TABLE_KINDS = {
    kind.name: kind
    for kind in (
        TableKind(
            "iip_by_industry",
            "IIP by industry: whole industry, sections, divisions (or older classes)",
            "industry",
            frozenset({"index"}),
            _FLOWS,
            by_province=False,
        ),
        TableKind(
            "iip_by_province",
            "IIP of each province (subject: the whole industry, TOTAL)",
            "industry",
            frozenset({"index"}),
            _FLOWS,
            by_province=True,
        ),
        TableKind(
            "products",
            "Main industrial products: output in the product's unit (base 'none') and its index",
            "product",
            frozenset({"product_output", "product_index"}),
            _FLOWS,
            by_province=False,
        ),
        TableKind(
            "labour_by_industry",
            "Labour index of industrial enterprises at the first day of the month, by industry",
            "industry",
            frozenset({"labour_index"}),
            frozenset({"day"}),
            by_province=False,
        ),
        TableKind(
            "labour_by_province",
            "Labour index of industrial enterprises at the first day of the month, by province (subject TOTAL)",
            "industry",
            frozenset({"labour_index"}),
            frozenset({"day"}),
            by_province=True,
        ),
        TableKind(
            "consumption_inventory",
            "Manufacturing consumption index (per period) and inventory index (at a day), by industry",
            "industry",
            frozenset({"consumption_index", "inventory_index"}),
            _FLOWS | {"day"},
            by_province=False,
        ),
    )
}


def conformity_problems(kind: TableKind, facts: pl.DataFrame) -> list[str]:
    """What in `facts` does not fit the declared shape of `kind` (empty when everything fits)."""
    problems = []
    for column, allowed in (
        ("subject_kind", {kind.subject_kind}),
        ("measure", kind.measures),
        ("period_type", kind.period_types),
    ):
        if wrong := set(facts[column].unique().to_list()) - set(allowed):
            problems.append(f"{kind.name}: {column} {sorted(wrong)} not in {sorted(allowed)}")
    national = facts.filter(pl.col("geo_code") == "VN").height
    if not kind.by_province and national != facts.height:
        problems.append(f"{kind.name}: figures for provinces in a national table")
    return problems
