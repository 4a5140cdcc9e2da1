-- Completeness: every workbook states the headline and all its sections for each column (period and base)
-- it publishes. Grain: (release_id, period_type, period, base) of each workbook's index table.
-- The headline and sections are those of the classification the table was printed in: VSIC 1993 for
-- 2011-06..2012-06 (its whole industry excludes waste management, so it is not VSIC 2018's TOTAL), VSIC 2018
-- sections otherwise (VSIC 2007 tables share them). Press releases are left out: a narrative names only the
-- figures it discusses. A column without the headline is unusable (headline_missing); a missing section is
-- listed (2015-07 printed a placeholder 0 for C).
-- By period: a row of a period comes from figures of that period alone.
create or replace view dq_completeness as
with columns_published as (
    select
        f.release_id,
        f.period_type,
        f.period,
        f.base,
        list(f.subject_code) as subjects,
        case when bool_or(i.classification = 'VSIC1993') then 'VSIC1993' else 'VSIC2018' end as classification,
        min(f.source) || ' .. ' || max(f.source_location) as source  -- the column's cells, first to last
    from published_fact as f
    left join industry as i on i.code = f.subject_code
    where f.source_kind = 'workbook' and f.geo_code = 'VN' and f.subject_kind = 'industry' and f.measure = 'index'
    group by f.release_id, f.period_type, f.period, f.base
),
expected as (
    select
        classification,
        any_value(code) filter (where level = 'total') as headline,
        list(code order by code) filter (where level = 'section') as sections
    from industry
    where level in ('total', 'section')
    group by classification
)
select
    c.period_type,
    c.period,
    c.base,
    e.headline as subject,
    (not list_contains(c.subjects, e.headline))::int as headline_missing,
    list_filter(e.sections, code -> not list_contains(c.subjects, code)) as sections_missing,
    len(list_filter(e.sections, code -> not list_contains(c.subjects, code))) as sections_missing_count,
    [c.release_id] as release_ids,
    c.source
from columns_published as c
join expected as e using (classification)
order by c.period_type, c.period, c.base, c.release_id;
