-- Index and change agree: where one release states both the index and the change of the same figure,
-- index = 100 + change. Grain: (release_id, period_type, period, geo_code, subject, base).
-- tolerance_pp = half a unit of the index's last decimal plus half a unit of the change's.
-- By period: a row of a period comes from figures of that period alone.
create or replace view dq_index_change as
select
    i.period_type,
    i.period,
    i.base,
    i.geo_code,
    i.subject_code as subject,
    i.value as index_value,
    c.value as change_pct,
    round(abs(i.value - 100 - c.value), 9) as abs_difference_pp,
    round(0.5 * pow(10, -i.decimals) + 0.5 * pow(10, -c.decimals), 9) as tolerance_pp,
    [i.release_id] as release_ids,
    'index: ' || i.source || '; change: ' || c.source as source
from published_fact as i
join published_fact as c
    on c.release_id = i.release_id and c.period_type = i.period_type and c.period = i.period
    and c.geo_code = i.geo_code and c.subject_kind = i.subject_kind and c.subject_code = i.subject_code
    and c.base = i.base and c.measure = 'change_pct'
where i.measure = 'index'
order by i.period_type, i.period, i.base, i.geo_code, i.subject_code, i.release_id;
