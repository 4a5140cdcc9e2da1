-- The sections' contributions (percentage points) to the headline change, and the residual against it.
-- Grain: (period_type, period, base). Columns: headline_change_pct; contribution_b/c/d/e; contributions_sum;
-- residual_pp = sum - headline; tolerance_pp = half a unit of the last published decimal of every figure
-- involved, summed (rounding alone can open a gap that wide); release_ids behind the row; source.
-- By period: a row of a period comes from figures of that period alone.
create or replace view iip_section_contributions as
with contributions as (
    select *
    from latest_fact
    where geo_code = 'VN' and subject_kind = 'industry' and measure = 'contribution_pp'
        and subject_code in ('B', 'C', 'D', 'E')
),
by_period as (
    select
        period_type,
        period,
        base,
        max(value) filter (where subject_code = 'B') as contribution_b,
        max(value) filter (where subject_code = 'C') as contribution_c,
        max(value) filter (where subject_code = 'D') as contribution_d,
        max(value) filter (where subject_code = 'E') as contribution_e,
        count(*) as sections_stated,
        sum(value) as contributions_sum,
        sum(0.5 * pow(10, -decimals)) as contributions_rounding,
        list(distinct release_id order by release_id) as release_ids,
        string_agg(subject_code || ': ' || source, '; ' order by subject_code) as source
    from contributions
    group by period_type, period, base
)
select
    c.period_type,
    c.period,
    c.base,
    h.change_pct as headline_change_pct,
    c.contribution_b,
    c.contribution_c,
    c.contribution_d,
    c.contribution_e,
    round(c.contributions_sum, 6) as contributions_sum,
    case when c.sections_stated = 4 then round(c.contributions_sum - h.change_pct, 6) end as residual_pp,
    case when c.sections_stated = 4 then round(abs(c.contributions_sum - h.change_pct), 6) end as abs_residual_pp,
    case when c.sections_stated = 4
        then round(c.contributions_rounding + 0.5 * pow(10, -h.change_decimals), 6) end as tolerance_pp,
    list_sort(list_distinct(list_concat(c.release_ids, coalesce(h.release_ids, [])))) as release_ids,
    c.source || coalesce('; headline: ' || h.source, '') as source
from by_period as c
left join iip_headline as h using (period_type, period, base)
order by c.period_type, c.period, c.base;
