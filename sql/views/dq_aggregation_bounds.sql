-- Aggregation bounds: an aggregate's index lies between the lowest and highest of its components' indices.
-- Grain: (release_id, period_type, period, base, subject): one aggregate (TOTAL, or a section) in one
-- release's table. The IIP is a weighted average with positive weights, so the bound needs no published
-- weights; tolerance = half a unit of the aggregate's last decimal plus half a unit of the bounding
-- component's. With a component of the industry table (VSIC 2018) missing from the column -- division 39,
-- never published; the 2011-2017 tables' selected divisions; the selected VSIC 1993/2007 classes of
-- 2011-06..2013-02 -- the bound need not hold: outside_by_pp then goes to outside_by_pp_incomplete (a warning)
-- instead of outside_by_pp_complete (critical).
-- By period: a row of a period comes from figures of that period alone.
create or replace view dq_aggregation_bounds as
with figure as (
    select f.*, i.parent_code, i.level, i.classification
    from published_fact as f
    join industry as i on i.code = f.subject_code
    where f.geo_code = 'VN' and f.subject_kind = 'industry' and f.measure = 'index'
),
reference_components as (
    select parent_code, count(*) as components_in_reference
    from industry
    where parent_code is not null
    group by parent_code
),
components as (
    select
        release_id,
        period_type,
        period,
        base,
        parent_code as subject,
        count(*) as components_stated,
        min(value) as components_min,
        max(value) as components_max,
        arg_min(subject_code || ' ' || source, value) as lowest_component,
        arg_max(subject_code || ' ' || source, value) as highest_component,
        arg_min(decimals, value) as lowest_decimals,
        arg_max(decimals, value) as highest_decimals,
        -- the reference lists every VSIC 2018 component, but only the selected classes old tables printed
        bool_and(level <> 'class' and classification = 'VSIC2018') as components_vsic2018
    from figure
    where parent_code is not null
    group by release_id, period_type, period, base, parent_code
),
bounded as (
    select
        a.period_type,
        a.period,
        a.base,
        a.subject_code as subject,
        a.value as index_value,
        c.components_min,
        c.components_max,
        c.components_stated,
        p.components_in_reference,
        c.components_vsic2018,
        round(greatest(c.components_min - a.value, a.value - c.components_max, 0), 9) as outside_by_pp,
        round(0.5 * pow(10, -a.decimals) + 0.5 * pow(10, -case
            when a.value < c.components_min then c.lowest_decimals
            when a.value > c.components_max then c.highest_decimals
            else least(c.lowest_decimals, c.highest_decimals)
        end), 9) as tolerance_pp,
        [a.release_id] as release_ids,
        a.source || '; lowest: ' || c.lowest_component || '; highest: ' || c.highest_component as source
    from figure as a
    join components as c
        on c.release_id = a.release_id and c.period_type = a.period_type and c.period = a.period
        and c.base = a.base and c.subject = a.subject_code
    join reference_components as p on p.parent_code = a.subject_code
)
select
    *,
    case when components_vsic2018 and components_stated = components_in_reference
        then outside_by_pp end as outside_by_pp_complete,
    case when not (components_vsic2018 and components_stated = components_in_reference)
        then outside_by_pp end as outside_by_pp_incomplete
from bounded
order by period_type, period, base, subject, release_ids;
