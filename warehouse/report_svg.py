"""The report's charts as inline SVG: drawn here, so the HTML page needs no script, no font and no network.

Each chart is one <svg> element with a class naming it, and <title> on the marks a reader hovers over, so a
browser shows the figure or the failing cell behind a mark.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from warehouse.validate import CheckOutcome

# Sections of the industrial classification whose contributions make up the headline change, with their colours.
SECTION_COLOURS = {"B": "#8c6d31", "C": "#1f5fa8", "D": "#e6a100", "E": "#3a9a5b"}
PASS, FAIL, FAIL_WARNING = "#d9eed9", "#b00020", "#e08a00"


@dataclass(frozen=True)
class ContributionPoint:
    period: str
    period_type: str  # month | ytd: which change the contributions add up to
    change_pct: float
    contributions: dict[str, float | None]  # section code -> percentage points


@dataclass(frozen=True)
class CheckedRelease:
    release_id: int
    reference_period: str
    source_file: str
    state: str


def contributions_chart(points: list[ContributionPoint], width: int = 900, height: int = 300) -> str:
    """The sections' contributions stacked as bars (positive up, negative down), the headline change as dots."""
    pad, legend = 44, 22
    highs = [sum(v for v in p.contributions.values() if v and v > 0) for p in points]
    lows = [sum(v for v in p.contributions.values() if v and v < 0) for p in points]
    high = max([*highs, *(p.change_pct for p in points), 0.0])
    low = min([*lows, *(p.change_pct for p in points), 0.0])
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(len(points), 1)

    def y(v: float) -> float:
        return legend + pad / 2 + (high - v) * (height - legend - 1.5 * pad) / span

    marks: list[str] = []
    for i, point in enumerate(points):
        x = pad + i * step
        up, down = 0.0, 0.0
        for section, value in point.contributions.items():
            if not value:
                continue
            start = up if value > 0 else down
            end = start + value
            top, bottom = y(max(start, end)), y(min(start, end))
            marks.append(
                f'<rect class="contribution" x="{x + step * 0.1:.1f}" y="{top:.1f}" width="{step * 0.8:.1f}" '
                f'height="{bottom - top:.2f}" fill="{SECTION_COLOURS[section]}"><title>{escape(point.period)} '
                f"{point.period_type} {section}: {value:+.2f} pp</title></rect>"
            )
            up, down = (end, down) if value > 0 else (up, end)
        marks.append(
            f'<circle class="headline" cx="{x + step / 2:.1f}" cy="{y(point.change_pct):.1f}" r="2.6" fill="#222">'
            f"<title>{escape(point.period)} {point.period_type} headline: {point.change_pct:+.2f}%</title></circle>"
        )
    years = [(i, p.period[:4]) for i, p in enumerate(points) if i == 0 or p.period[:4] != points[i - 1].period[:4]]
    labels = "".join(
        f'<text x="{pad + (i + 0.5) * step:.1f}" y="{height - pad / 2 + 4:.1f}" font-size="11" '
        f'text-anchor="middle">{year}</text>'
        for i, year in years
    )
    keys = "".join(
        f'<rect x="{pad + k * 150}" y="4" width="12" height="12" fill="{colour}"/>'
        f'<text x="{pad + k * 150 + 16}" y="14" font-size="11">section {section}</text>'
        for k, (section, colour) in enumerate(SECTION_COLOURS.items())
    ) + (
        f'<circle cx="{pad + 606}" cy="10" r="3" fill="#222"/>'
        f'<text x="{pad + 614}" y="14" font-size="11">headline change (%)</text>'
    )
    return (
        f'<svg class="chart contributions" role="img" aria-label="sections\' contributions to the headline change '
        f'over time" width="{width}" height="{height}">{keys}'
        f'<line x1="{pad}" x2="{width - pad}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#999"/>'
        f'<text x="4" y="{y(high) + 4:.1f}" font-size="11">{high:.1f}</text>'
        f'<text x="4" y="{y(low) + 4:.1f}" font-size="11">{low:.1f}</text>'
        f"{''.join(marks)}{labels}</svg>"
    )


def outcomes_grid(checks: list[CheckOutcome], releases: list[CheckedRelease], cell: int = 6) -> str:
    """One row per check, one column per release: a cell is red (critical) or orange (warning) where the
    release is behind a failing row of the check, green elsewhere."""
    label_width, top = 300, 30
    step = max(2, min(cell * 3, 600 // max(len(releases), 1)))
    width = label_width + step * len(releases) + 10
    height = top + 16 * len(checks) + 24
    column = {r.release_id: i for i, r in enumerate(releases)}
    out: list[str] = []
    for row, check in enumerate(checks):
        ry = top + 16 * row
        out.append(
            f'<text x="4" y="{ry + 11}" font-size="11">{escape(check.suite)}.{escape(check.check)}</text>'
            f'<rect class="check-row" x="{label_width}" y="{ry}" width="{step * len(releases)}" height="13" '
            f'fill="{PASS}"><title>{escape(check.check)}: passes on every release</title></rect>'
        )
        fill = FAIL if check.severity == "critical" else FAIL_WARNING
        for release_id in check.release_ids:
            if release_id not in column:
                continue
            release = releases[column[release_id]]
            out.append(
                f'<rect class="fail {check.severity}" x="{label_width + step * column[release_id]}" y="{ry}" '
                f'width="{step}" height="13" fill="{fill}"><title>{escape(check.check)} fails on release '
                f"{release_id} ({escape(release.reference_period)}, {escape(release.source_file)})</title></rect>"
            )
    years = [
        (i, r.reference_period[:4])
        for i, r in enumerate(releases)
        if i == 0 or r.reference_period[:4] != releases[i - 1].reference_period[:4]
    ]
    labels = "".join(
        f'<text x="{label_width + i * step}" y="{top - 8}" font-size="10">{year}</text>' for i, year in years
    )
    return (
        f'<svg class="chart outcomes" role="img" aria-label="check outcomes over releases" width="{width}" '
        f'height="{height}">{labels}{"".join(out)}</svg>'
    )
