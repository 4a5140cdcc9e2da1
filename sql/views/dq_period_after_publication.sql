-- Period consistency: no release states a figure for a period that had not begun when it was published
-- (the latest month the period covers starts after the publication day). Targets and forecasts look ahead
-- by nature and are left out. Grain: one figure of one release (published_fact's grain).
-- days_ahead > 0 is a period from the future: a misread header or a wrong publication date.
-- By period: a row of a period comes from figures of that period alone.
create or replace view dq_period_after_publication as
select
    period_type,
    period,
    base,
    geo_code,
    subject_code as subject,
    measure,
    value,
    published_on,
    case period_type
        when 'year' then make_date(cast(period as integer), 12, 1)
        when 'quarter' then make_date(cast(left(period, 4) as integer), cast(right(period, 1) as integer) * 3, 1)
        when 'ytd' then cast(period || '-01' as date)
        -- a point in time (labour on the 1st, inventory at the month's end): an estimate once its month began
        when 'day' then date_trunc('month', cast(period as date))
        else cast(period || '-01' as date)
    end as last_month_starts,
    date_diff('day', published_on, last_month_starts) as days_ahead,
    [release_id] as release_ids,
    source
from published_fact
where coalesce(status, '') not in ('target', 'forecast')
order by period_type, period, base, geo_code, subject_code, measure, release_id;
