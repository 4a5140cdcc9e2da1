-- The revision triangle: every vintage of every figure, from the first estimate to the latest.
-- Materialized: a window over every vintage of every figure, the slowest view to compute live.
-- By period (a figure's vintages all share its period): a run recomputes only the periods its releases state.
-- Grain: (period_type, period, geo_code, subject_kind, subject_code, measure, base, vintage): one figure as one
-- published release stated it. Columns: vintage (1 = first estimate, in publication order), vintages (how many),
-- published_on, value, first_value, previous_value, latest_value, revision (against the previous vintage),
-- revision_from_first, is_first, is_latest, status, release_id, source.
-- `pivot iip_revisions on vintage using any_value(value) group by period, subject_code, measure, base` draws it.
create or replace view iip_revisions as
with vintages as (
    select
        *,
        row_number() over figure as vintage,
        count(*) over (partition by period_type, period, geo_code, subject_kind, subject_code, measure, base)
            as vintages,
        first_value(value) over figure as first_value,
        lag(value) over figure as previous_value,
        last_value(value) over (figure rows between unbounded preceding and unbounded following) as latest_value
    from published_fact
    window figure as (
        partition by period_type, period, geo_code, subject_kind, subject_code, measure, base
        order by published_on, release_id
    )
)
select
    period_type,
    period,
    geo_code,
    subject_kind,
    subject_code,
    measure,
    base,
    vintage,
    vintages,
    published_on,
    value,
    first_value,
    previous_value,
    latest_value,
    round(value - previous_value, 6) as revision,
    round(value - first_value, 6) as revision_from_first,
    vintage = 1 as is_first,
    vintage = vintages as is_latest,
    status,
    release_id,
    source
from vintages
order by period_type, period, geo_code, subject_kind, subject_code, measure, base, vintage;
