"""Charts of the warehouse for `iip chart`: Vega-Lite specifications drawn with Altair.

PNG is rendered by vl-convert, whose wheel embeds the Vega engine: no browser and no network. The HTML page
loads Vega from a CDN by default, which an offline reader cannot reach, so it is written with the engine
bundled (vl-convert's `bundle=True`): the page works from a file on a machine without network.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse.sql_files import statement

SECTIONS = {
    "contribution_b": "B Mining",
    "contribution_c": "C Manufacturing",
    "contribution_d": "D Electricity",
    "contribution_e": "E Water & waste",
}


def headline_contributions_chart(con: duckdb.DuckDBPyConnection, periods: int = 24):  # -> alt.LayerChart
    """The headline change, month on its own and January to date, over the sections' stacked contributions.

    Two lines, never one: a month's change and the year-to-date change zigzag when joined. The bars are the
    contributions (pp) to the January-to-date change where the releases state them, else to the month's.
    Shows the latest `periods` months: a decade of them would not be read.
    """
    import altair as alt
    import pandas as pd

    frame = con.execute(statement("charts/headline_contributions")).df()
    if frame.empty:
        raise LookupError("no headline figures in the warehouse: run `iip run` first")
    shown = sorted(frame["period"].unique())[-periods:]
    frame = frame[frame["period"].isin(shown)]
    frame["series"] = frame["period_type"].map({"month": "the month", "ytd": "January to date"})
    with_bars = frame.dropna(subset=list(SECTIONS), how="all").sort_values("period_type", ascending=False)
    with_bars = with_bars.drop_duplicates("period")  # one stack per period: year to date first
    stacked = with_bars.melt(
        id_vars=["period", "series"], value_vars=list(SECTIONS), var_name="section", value_name="pp"
    ).dropna(subset=["pp"])
    stacked["section"] = stacked["section"].map(SECTIONS)
    x = alt.X("period:O", title="period", sort=shown)
    y_title = "change against the same period a year before, %; contributions, pp"
    bars = (
        alt.Chart(stacked)
        .mark_bar(opacity=0.85)
        .encode(
            x=x,
            y=alt.Y("sum(pp):Q", title=y_title),
            color=alt.Color("section:N", title="contribution of (pp)"),
            order=alt.Order("section:N"),
            tooltip=["period", alt.Tooltip("series:N", title="contribution to"), "section", alt.Tooltip("pp:Q")],
        )
    )
    lines = (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=60, filled=True))
        .encode(
            x=x,
            y=alt.Y("change_pct:Q", title=y_title),
            strokeDash=alt.StrokeDash("series:N", title="headline IIP change"),
            color=alt.value("black"),
            tooltip=["period", "series", "change_pct"],
        )
    )
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="grey").encode(y="y:Q")
    return (zero + bars + lines).properties(
        title="Vietnam IIP against the same period of last year, with the sections' contributions",
        width=max(360, 36 * len(shown)),
        height=320,
    )


def province_ranking_chart(con: duckdb.DuckDBPyConnection, period: str | None = None):  # -> alt.Chart
    """The provinces of one period ranked by change, coloured by direction, labelled with their 2025 province."""
    import altair as alt
    import pandas as pd

    frame = con.execute(statement("charts/province_ranking"), {"period": period}).df()
    if frame.empty:
        raise LookupError(f"no province figures{' for ' + period if period else ''} in the warehouse")
    first = frame.iloc[0]
    frame["province"] = frame["name_vi"].where(
        frame["name_vi"] == frame["current_name_vi"], frame["name_vi"] + " (now " + frame["current_name_vi"] + ")"
    )
    counts = ""
    if not pd.isna(first["provinces_up_stated"]):  # the release counted them itself
        counts = (
            f"; the office counts {int(first['provinces_up_stated'])} up, {int(first['provinces_down_stated'])} down"
        )
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("change_pct:Q", title=f"change, % (against: {first['base'].replace('_', ' ')})"),
            y=alt.Y("province:N", sort="-x", title=None),
            color=alt.Color(
                "direction:N", scale=alt.Scale(domain=["up", "flat", "down"], range=["#2a9d8f", "#999999", "#e76f51"])
            ),
            tooltip=["province", "change_pct", "rank_from_top", "current_geo_code", "source"],
        )
        .properties(
            title=f"Provinces ranked by industrial production change, {first['period_type']} {first['period']}"
            f" ({len(frame)} listed{counts})",
            width=480,
            height=max(120, 22 * len(frame)),
        )
    )


def save(chart, stem: Path) -> list[Path]:  # chart: an Altair chart
    """Write `stem.png` and a self-contained `stem.html` (the Vega engine inlined: opens offline)."""
    import vl_convert as vlc

    stem.parent.mkdir(parents=True, exist_ok=True)
    spec = chart.to_json()
    png, html = stem.with_suffix(".png"), stem.with_suffix(".html")
    png.write_bytes(vlc.vegalite_to_png(spec, scale=2))
    html.write_text(vlc.vegalite_to_html(spec, bundle=True), encoding="utf-8")
    return [png, html]


def draw_charts(
    con: duckdb.DuckDBPyConnection, output_dir: Path, province_period: str | None = None, periods: int = 24
) -> tuple[list[Path], list[str]]:
    """Both charts, as PNG and HTML, in `output_dir`: the files written, and why a chart was skipped.

    Real workbooks carry no province figures (only press releases do): the province chart is then skipped, and
    said so, rather than failing the headline chart with it.
    """
    written = save(headline_contributions_chart(con, periods), output_dir / "headline-contributions")
    skipped: list[str] = []
    try:
        written += save(province_ranking_chart(con, province_period), output_dir / "province-ranking")
    except LookupError as exc:
        skipped.append(f"province-ranking: {exc}")
    return written, skipped
