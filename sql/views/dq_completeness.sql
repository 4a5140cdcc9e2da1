-- Completeness: every workbook states the headline and all four sections for each column (period and base)
-- it publishes. Grain: (release_id, period_type, period, base) of each workbook's index table.
-- Press releases are left out: a narrative names only the figures it discusses. A column without the
-- headline is unusable (headline_missing); a missing section is listed (the 2011-06..2012-06 tables follow
-- VSIC 1993/2007 sections, which do not split D from E; 2015-07 printed a placeholder 0 for C).
create or replace view dq_completeness as
with columns_published as (
    select release_id, period_type, period, base, list(subject_code) as subjects,
        min(source) || ' .. ' || max(source_location) as source  -- the column's cells, first to last
    from published_fact
    where source_kind = 'workbook' and geo_code = 'VN' and subject_kind = 'industry' and measure = 'index'
    group by release_id, period_type, period, base
),
expected as (
    select list(code order by code) as codes from industry where level = 'section'
)
select
    c.period_type,
    c.period,
    c.base,
    'TOTAL' as subject,
    (not list_contains(c.subjects, 'TOTAL'))::int as headline_missing,
    list_filter(e.codes, code -> not list_contains(c.subjects, code)) as sections_missing,
    len(list_filter(e.codes, code -> not list_contains(c.subjects, code))) as sections_missing_count,
    [c.release_id] as release_ids,
    c.source
from columns_published as c
cross join expected as e
order by c.period_type, c.period, c.base, c.release_id;
