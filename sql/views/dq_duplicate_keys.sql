-- No duplicated natural key: a figure stated by two releases published the same day must carry one value,
-- otherwise its latest vintage is ambiguous. Grain: (period_type, period, geo_code, subject_kind, subject,
-- measure, base, published_on) wherever two or more releases of one day state the figure.
-- Values are compared within the rounding of the coarser statement (tolerance = half a unit of each).
-- A file loaded again with other bytes (same file and document name) is a re-issue: its latest load stands
-- for it, as in latest_fact.
-- By period: a row of a period comes from figures of that period alone.
create or replace view dq_duplicate_keys as
with stated_twice as (
    -- only a figure stated at least twice on one day can be duplicated: the window below need not see the rest
    select period_type, period, geo_code, subject_kind, subject_code, measure, base, published_on
    from published_fact
    group by all
    having count(*) > 1
),
statements as (
    select f.*
    from published_fact as f
    semi join stated_twice using (period_type, period, geo_code, subject_kind, subject_code, measure, base, published_on)
    join release as r using (release_id)
    qualify row_number() over (
        partition by f.period_type, f.period, f.geo_code, f.subject_kind, f.subject_code, f.measure, f.base,
            f.published_on, f.source_file, r.source_document
        order by f.release_id desc
    ) = 1
)
select
    period_type,
    period,
    base,
    geo_code,
    subject_kind,
    subject_code as subject,
    measure,
    published_on,
    count(*) as statements,
    list(value order by release_id) as stated_values,
    round(max(value) - min(value), 9) as spread,
    round(0.5 * pow(10, -arg_max(decimals, value)) + 0.5 * pow(10, -arg_min(decimals, value)), 9) as tolerance,
    list(release_id order by release_id) as release_ids,
    string_agg(source, '; ' order by release_id) as source
from statements
group by period_type, period, base, geo_code, subject_kind, subject_code, measure, published_on
having count(*) > 1
order by period_type, period, base, geo_code, subject_code, measure, published_on;
