-- Manufacturing consumption (sales) and inventory: indices, changes and the inventory-to-consumption ratio.
-- Grain: (period_type, period, industry_code): manufacturing (C) and its divisions. Columns: name_en,
-- consumption_index_prev_month, consumption_change_prev_month_pct, consumption_index_prev_year,
-- consumption_change_prev_year_pct (against the same period of last year, or the previous year for annual
-- figures), inventory_index_prev_month, inventory_change_prev_month_pct, inventory_index_prev_year,
-- inventory_change_prev_year_pct, inventory_ratio_pct, published_on, release_ids, source. A change is the stated
-- one, else derived from the index (105.1 -> 5.1). Latest vintage, national figures.
-- By period: a row of a period comes from figures of that period alone.
create or replace view iip_consumption_inventory as
with figures as (
    select
        f.*,
        case when f.base in ('same_period_prev_year', 'prev_year') then 'prev_year' else f.base end as against
    from latest_fact as f
    join industry as i on i.code = f.subject_code
    where f.geo_code = 'VN' and f.subject_kind = 'industry' and (i.code = 'C' or i.parent_code = 'C')
        and f.measure in (
            'consumption_index', 'consumption_change_pct', 'inventory_index', 'inventory_change_pct',
            'inventory_ratio_pct'
        )
),
pivoted as (
    select
        period_type,
        period,
        subject_code,
        max(value) filter (where measure = 'consumption_index' and against = 'prev_month') as c_idx_m,
        max(value) filter (where measure = 'consumption_change_pct' and against = 'prev_month') as c_chg_m,
        max(value) filter (where measure = 'consumption_index' and against = 'prev_year') as c_idx_y,
        max(value) filter (where measure = 'consumption_change_pct' and against = 'prev_year') as c_chg_y,
        max(value) filter (where measure = 'inventory_index' and against = 'prev_month') as i_idx_m,
        max(value) filter (where measure = 'inventory_change_pct' and against = 'prev_month') as i_chg_m,
        max(value) filter (where measure = 'inventory_index' and against = 'prev_year') as i_idx_y,
        max(value) filter (where measure = 'inventory_change_pct' and against = 'prev_year') as i_chg_y,
        max(value) filter (where measure = 'inventory_ratio_pct') as inventory_ratio_pct,
        max(published_on) as published_on,
        list(distinct release_id order by release_id) as release_ids,
        string_agg(measure || ' ' || base || ': ' || source, '; ' order by measure, base) as source
    from figures
    group by period_type, period, subject_code
)
select
    p.period_type,
    p.period,
    p.subject_code as industry_code,
    i.name_en,
    p.c_idx_m as consumption_index_prev_month,
    coalesce(p.c_chg_m, round(p.c_idx_m - 100, 2)) as consumption_change_prev_month_pct,
    p.c_idx_y as consumption_index_prev_year,
    coalesce(p.c_chg_y, round(p.c_idx_y - 100, 2)) as consumption_change_prev_year_pct,
    p.i_idx_m as inventory_index_prev_month,
    coalesce(p.i_chg_m, round(p.i_idx_m - 100, 2)) as inventory_change_prev_month_pct,
    p.i_idx_y as inventory_index_prev_year,
    coalesce(p.i_chg_y, round(p.i_idx_y - 100, 2)) as inventory_change_prev_year_pct,
    p.inventory_ratio_pct,
    p.published_on,
    p.release_ids,
    p.source
from pivoted as p
join industry as i on i.code = p.subject_code
order by p.period_type, p.period, p.subject_code;
