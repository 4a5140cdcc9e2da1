-- Revisions: the first estimate of a figure against its latest vintage, with both values and both releases.
-- Grain: (period_type, period, geo_code, subject_kind, subject, measure, base) for every figure stated by
-- two or more releases. revision_beyond_rounding = |latest - first| less the rounding of both statements
-- (half a unit of each one's last decimal): what the office actually changed. How large is "large" lives
-- in the suite.
-- By period: a row of a period comes from figures of that period alone.
create or replace view dq_revisions as
with vintages as (
    select
        *,
        row_number() over key_by_age as vintage,
        count(*) over (partition by period_type, period, geo_code, subject_kind, subject_code, measure, base)
            as vintages
    from published_fact
    where measure in ('index', 'change_pct')
    window key_by_age as (
        partition by period_type, period, geo_code, subject_kind, subject_code, measure, base
        order by published_on, release_id
    )
)
select
    f.period_type,
    f.period,
    f.base,
    f.geo_code,
    f.subject_code as subject,
    f.measure,
    f.vintages,
    f.value as first_value,
    l.value as latest_value,
    round(l.value - f.value, 9) as revision,
    round(0.5 * pow(10, -f.decimals) + 0.5 * pow(10, -l.decimals), 9) as tolerance,
    round(greatest(abs(l.value - f.value) - 0.5 * pow(10, -f.decimals) - 0.5 * pow(10, -l.decimals), 0), 9)
        as revision_beyond_rounding,
    f.published_on as first_published_on,
    l.published_on as latest_published_on,
    [f.release_id, l.release_id] as release_ids,
    'first: ' || f.source || '; latest: ' || l.source as source
from vintages as f
join vintages as l
    on l.period_type = f.period_type and l.period = f.period and l.geo_code = f.geo_code
    and l.subject_kind = f.subject_kind and l.subject_code = f.subject_code and l.measure = f.measure
    and l.base = f.base and l.vintage = l.vintages
where f.vintage = 1 and f.vintages > 1
order by f.period_type, f.period, f.base, f.geo_code, f.subject_code, f.measure;
