-- The headline: Vietnam's whole-industry IIP, latest vintage.
-- Grain: (period_type, period, base). Columns: index_value (comparison period = 100), change_pct,
-- change_decimals (precision as published), status, published_on, release_ids, source.
-- change_pct comes from the table's index where there is one (105.46 -> 5.46), else from a stated change:
-- latest_change applies that rule to every subject; this is its national whole-industry slice.
-- By period: a row of a period comes from figures of that period alone.
create or replace view iip_headline as
select
    period_type,
    period,
    base,
    index_value,
    change_pct,
    change_decimals,
    status,
    published_on,
    release_ids,
    source
from latest_change
where geo_code = 'VN' and subject_kind = 'industry' and subject_code = 'TOTAL'
order by period_type, period, base;
