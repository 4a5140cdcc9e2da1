-- The headline and the four sections month by month: against the previous month, last year, and year to date.
-- Index and change against the previous month, the same month of last year, and year to date (January to the month
-- against the same months of last year). Latest vintage.
-- Materialized: pivots every national figure of the five series.
-- By period (grouped by period): a run recomputes only the periods its releases state.
-- Grain: (period, industry_code), period a month 'YYYY-MM'. Columns: industry_level, name_en, index_prev_month,
-- change_prev_month_pct, index_prev_year, change_prev_year_pct, index_ytd, change_ytd_pct, published_on (the
-- newest figure's), release_ids, source. A change the releases did not state is NULL, never derived.
create or replace view iip_monthly as
with national as (
    select c.*, i.level as industry_level, i.name_en
    from latest_change as c
    join industry as i on i.code = c.subject_code
    where c.geo_code = 'VN' and c.subject_kind = 'industry' and i.level in ('total', 'section')
        and c.period_type in ('month', 'ytd')
        and c.base in ('prev_month', 'same_period_prev_year')
)
select
    period,
    subject_code as industry_code,
    any_value(industry_level) as industry_level,
    any_value(name_en) as name_en,
    max(index_value) filter (where period_type = 'month' and base = 'prev_month') as index_prev_month,
    max(change_pct) filter (where period_type = 'month' and base = 'prev_month') as change_prev_month_pct,
    max(index_value) filter (where period_type = 'month' and base = 'same_period_prev_year') as index_prev_year,
    max(change_pct) filter (where period_type = 'month' and base = 'same_period_prev_year') as change_prev_year_pct,
    max(index_value) filter (where period_type = 'ytd' and base = 'same_period_prev_year') as index_ytd,
    max(change_pct) filter (where period_type = 'ytd' and base = 'same_period_prev_year') as change_ytd_pct,
    max(published_on) as published_on,
    list_sort(list_distinct(flatten(list(release_ids)))) as release_ids,
    string_agg(source, '; ' order by period_type, base) as source
from national
group by period, subject_code
order by period, case any_value(industry_level) when 'total' then 0 else 1 end, industry_code;
