-- Period consistency: a year-to-date index (against the same period last year) lies within the range of its
-- months' indices as known when the ytd figure was published (each month's latest vintage on or before that
-- day): the ytd index is their weighted average. Grain: (release_id, period, subject) of every ytd index
-- whose months are all stated. tolerance = half a unit of the ytd index's last decimal plus half a unit of
-- the bounding month's.
create or replace view dq_ytd_within_months as
with ytd as (
    select * from published_fact
    where period_type = 'ytd' and measure = 'index' and base = 'same_period_prev_year' and geo_code = 'VN'
),
month_known as (
    select y.release_id as ytd_release_id, y.subject_code, m.*
    from ytd as y
    join published_fact as m
        on m.period_type = 'month' and m.measure = 'index' and m.base = 'same_period_prev_year'
        and m.geo_code = y.geo_code and m.subject_kind = y.subject_kind and m.subject_code = y.subject_code
        and left(m.period, 4) = left(y.period, 4) and m.period <= y.period and m.published_on <= y.published_on
    qualify row_number() over (
        partition by y.release_id, y.subject_code, m.period order by m.published_on desc, m.release_id desc
    ) = 1
),
months as (
    select
        ytd_release_id,
        subject_code,
        count(*) as months_stated,
        min(value) as months_min,
        max(value) as months_max,
        arg_min(decimals, value) as min_decimals,
        arg_max(decimals, value) as max_decimals,
        arg_min(period || ' ' || source, value) as lowest_month,
        arg_max(period || ' ' || source, value) as highest_month,
        list(distinct release_id) as release_ids
    from month_known
    group by ytd_release_id, subject_code
)
select
    'ytd' as period_type,
    y.period,
    y.base,
    y.subject_code as subject,
    y.value as ytd_index,
    m.months_min,
    m.months_max,
    round(greatest(m.months_min - y.value, y.value - m.months_max, 0), 9) as outside_by_pp,
    round(0.5 * pow(10, -y.decimals) + 0.5 * pow(10, -case
        when y.value < m.months_min then m.min_decimals
        when y.value > m.months_max then m.max_decimals
        else least(m.min_decimals, m.max_decimals)
    end), 9) as tolerance_pp,
    list_sort(list_distinct(list_append(m.release_ids, y.release_id))) as release_ids,
    'ytd: ' || y.source || '; lowest month: ' || m.lowest_month || '; highest month: ' || m.highest_month as source
from ytd as y
join months as m on m.ytd_release_id = y.release_id and m.subject_code = y.subject_code
where m.months_stated = cast(right(y.period, 2) as integer)
order by y.period, y.subject_code, y.release_id;
