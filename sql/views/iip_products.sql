-- Main industrial products: output in their physical unit and its change. Latest vintage, national figures.
-- Grain: (period_type, period, product_code). Columns: unit, output (product_output), output_decimals,
-- index_prev_month, change_prev_month_pct, index_prev_year, change_prev_year_pct (against the same period of last
-- year, or the previous year for annual figures), published_on, release_ids, source.
-- By period: a row of a period comes from figures of that period alone.
create or replace view iip_products as
with output as (
    select period_type, period, subject_code, unit, value, decimals, published_on, release_id, source
    from latest_fact
    where geo_code = 'VN' and subject_kind = 'product' and measure = 'product_output'
),
changes as (
    select *
    from latest_change
    where geo_code = 'VN' and subject_kind = 'product'
        and base in ('prev_month', 'same_period_prev_year', 'prev_year')
),
products as (
    select period_type, period, subject_code from output
    union
    select period_type, period, subject_code from changes
)
select
    p.period_type,
    p.period,
    p.subject_code as product_code,
    any_value(o.unit) as unit,
    any_value(o.value) as output,
    any_value(o.decimals) as output_decimals,
    max(c.index_value) filter (where c.base = 'prev_month') as index_prev_month,
    max(c.change_pct) filter (where c.base = 'prev_month') as change_prev_month_pct,
    max(c.index_value) filter (where c.base in ('same_period_prev_year', 'prev_year')) as index_prev_year,
    max(c.change_pct) filter (where c.base in ('same_period_prev_year', 'prev_year')) as change_prev_year_pct,
    greatest(max(o.published_on), max(c.published_on)) as published_on,
    list_sort(list_distinct(list_concat(
        coalesce(list(distinct o.release_id) filter (where o.release_id is not null), []),
        coalesce(flatten(list(c.release_ids) filter (where c.release_ids is not null)), [])
    ))) as release_ids,
    concat_ws('; ', any_value(o.source), string_agg(distinct c.source, '; ')) as source
from products as p
left join output as o using (period_type, period, subject_code)
left join changes as c using (period_type, period, subject_code)
group by p.period_type, p.period, p.subject_code
order by p.period_type, p.period, p.subject_code;
