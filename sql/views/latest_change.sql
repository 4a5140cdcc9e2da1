-- The change of every subject against each base, latest vintage: from the index where there is one, else stated.
-- Materialized: the national, province and product views all start from it.
-- By period (grouped within a period): a run recomputes only the periods its releases state.
-- Grain: (period_type, period, geo_code, subject_kind, subject_code, base). Columns: index_value (comparison
-- period = 100), change_pct, change_decimals (precision as published), status, published_on, release_ids, source.
-- The office publishes indices (105.46 -> +5.46%), press releases state changes; the index wins when both exist.
create or replace view latest_change as
with figures as (
    select *
    from latest_fact
    where measure in ('index', 'change_pct')
),
by_subject as (
    select
        period_type,
        period,
        geo_code,
        subject_kind,
        subject_code,
        base,
        max(value) filter (where measure = 'index') as index_value,
        max(decimals) filter (where measure = 'index') as index_decimals,
        max(value) filter (where measure = 'change_pct') as stated_change_pct,
        max(decimals) filter (where measure = 'change_pct') as stated_decimals,
        arg_max(status, published_on) as status,
        max(published_on) as published_on,
        list(distinct release_id order by release_id) as release_ids,
        string_agg(source, '; ' order by measure) as source
    from figures
    group by period_type, period, geo_code, subject_kind, subject_code, base
)
select
    period_type,
    period,
    geo_code,
    subject_kind,
    subject_code,
    base,
    index_value,
    coalesce(round(index_value - 100, index_decimals), stated_change_pct) as change_pct,
    coalesce(index_decimals, stated_decimals) as change_decimals,
    status,
    published_on,
    release_ids,
    source
from by_subject;
