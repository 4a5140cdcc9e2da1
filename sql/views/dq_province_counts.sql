-- Province counts: provinces rising + falling (+ unchanged) account for the provinces valid at the period
-- (63 until 2025-06-30, 34 from 2025-07-01: the geography table's validity dates, at the period's last day).
-- Grain: (release_id, period_type, period, subject, base) where a release states both rising and falling counts.
-- Counts are exact: the tolerance is zero. Without a stated unchanged count a shortfall is only a warning
-- (unchanged provinces are often left unsaid); more provinces than exist, or a shortfall despite a stated
-- unchanged count, is critical.
-- By period: a row of a period comes from figures of that period alone.
create or replace view dq_province_counts as
with counts as (
    select
        release_id,
        period_type,
        period,
        subject_code as subject,
        base,
        max(value) filter (where measure = 'provinces_up_count') as provinces_up,
        max(value) filter (where measure = 'provinces_down_count') as provinces_down,
        max(value) filter (where measure = 'provinces_unchanged_count') as provinces_unchanged,
        string_agg(measure || ': ' || source, '; ' order by measure) as source,
        last_day(case period_type
            when 'year' then make_date(cast(period as integer), 12, 1)
            when 'quarter' then make_date(cast(left(period, 4) as integer), cast(right(period, 1) as integer) * 3, 1)
            else cast(period || '-01' as date)
        end) as period_end
    from published_fact
    where measure in ('provinces_up_count', 'provinces_down_count', 'provinces_unchanged_count')
    group by release_id, period_type, period, subject_code, base
),
valid as (
    select c.release_id, c.period, c.period_type, c.subject, c.base, count(g.geo_code) as provinces_valid
    from counts as c
    left join geography as g
        on g.level = 'province' and coalesce(g.valid_from, date '1900-01-01') <= c.period_end
        and coalesce(g.valid_to, date '9999-12-31') >= c.period_end
    group by c.release_id, c.period, c.period_type, c.subject, c.base
)
select
    c.period_type,
    c.period,
    c.base,
    c.subject,
    c.provinces_up,
    c.provinces_down,
    c.provinces_unchanged,
    c.provinces_up + c.provinces_down + coalesce(c.provinces_unchanged, 0) as provinces_counted,
    v.provinces_valid,
    c.provinces_up + c.provinces_down + coalesce(c.provinces_unchanged, 0) - v.provinces_valid as difference,
    case when c.provinces_unchanged is not null
        or c.provinces_up + c.provinces_down > v.provinces_valid
        then c.provinces_up + c.provinces_down + coalesce(c.provinces_unchanged, 0) - v.provinces_valid
    end as difference_accounted,
    case when c.provinces_unchanged is null and c.provinces_up + c.provinces_down <= v.provinces_valid
        then c.provinces_up + c.provinces_down - v.provinces_valid
    end as difference_unchanged_unstated,
    0 as tolerance,
    [c.release_id] as release_ids,
    c.source
from counts as c
join valid as v using (release_id, period_type, period, subject, base)
where c.provinces_up is not null and c.provinces_down is not null
order by c.period_type, c.period, c.base, c.subject, c.release_id;
