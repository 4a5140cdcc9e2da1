-- The headline: Vietnam's whole-industry IIP, latest vintage.
-- Grain: (period_type, period, base). Columns: index_value (comparison period = 100), change_pct,
-- change_decimals (precision as published), status, published_on, release_ids, source.
-- change_pct comes from the table's index where there is one (105.46 -> 5.46), else from a stated change.
create or replace view iip_headline as
with headline as (
    select *
    from latest_fact
    where geo_code = 'VN' and subject_kind = 'industry' and subject_code = 'TOTAL'
        and measure in ('index', 'change_pct')
),
by_period as (
    select
        period_type,
        period,
        base,
        max(value) filter (where measure = 'index') as index_value,
        max(decimals) filter (where measure = 'index') as index_decimals,
        max(value) filter (where measure = 'change_pct') as stated_change_pct,
        max(decimals) filter (where measure = 'change_pct') as stated_decimals,
        arg_max(status, published_on) as status,
        max(published_on) as published_on,
        list(distinct release_id order by release_id) as release_ids,
        string_agg(source, '; ' order by measure) as source
    from headline
    group by period_type, period, base
)
select
    period_type,
    period,
    base,
    index_value,
    coalesce(round(index_value - 100, index_decimals), stated_change_pct) as change_pct,
    coalesce(index_decimals, stated_decimals) as change_decimals,
    status,
    published_on,
    release_ids,
    source
from by_period
order by period_type, period, base;
