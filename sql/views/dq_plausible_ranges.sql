-- Plausible ranges: every stated index level is positive and bounded, every change within ±50% is usual.
-- Grain: one index or change figure of one release (published_fact's grain, those two measures).
-- change_pct is the stated change, or the index less 100; the bounds themselves live in the suite.
-- By period: a row of a period comes from figures of that period alone.
create or replace view dq_plausible_ranges as
select
    period_type,
    period,
    base,
    geo_code,
    subject_code as subject,
    measure,
    value,
    case when measure = 'index' then value end as index_value,
    case when measure = 'index' then round(value - 100, 9) else value end as change_pct,
    [release_id] as release_ids,
    source
from published_fact
where measure in ('index', 'change_pct') and base <> 'none'
order by period_type, period, base, geo_code, subject_code, measure, release_id;
