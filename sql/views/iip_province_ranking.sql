-- Provinces ranked by the change of their industrial production, each listed under the province it belongs to now.
-- Grain: (period_type, period, base, geo_code). Columns: gso_code, name_vi, index_value, change_pct, direction
-- ('up', 'down', 'flat'), rank_from_top (1 = fastest growth; ties share a rank), provinces_ranked (how many
-- provinces the releases state), current_geo_code / current_name_vi (the province of the 34 from 2025-07-01 that
-- holds it: a series is followed across the 2025 merger by filtering on it; no aggregate index is made up),
-- published_on, release_ids, source. Latest vintage; whole industry of each province.
-- By period: a row of a period comes from figures of that period alone.
create or replace view iip_province_ranking as
with provinces as (
    select
        c.*,
        g.gso_code,
        g.name_vi,
        coalesce(g.successor_geo_code, g.geo_code) as current_geo_code
    from latest_change as c
    join geography as g on g.geo_code = c.geo_code
    where g.level = 'province' and c.subject_kind = 'industry' and c.subject_code = 'TOTAL'
        and c.change_pct is not null
)
select
    p.period_type,
    p.period,
    p.base,
    p.geo_code,
    p.gso_code,
    p.name_vi,
    p.index_value,
    p.change_pct,
    case when p.change_pct > 0 then 'up' when p.change_pct < 0 then 'down' else 'flat' end as direction,
    rank() over (partition by p.period_type, p.period, p.base order by p.change_pct desc) as rank_from_top,
    count(*) over (partition by p.period_type, p.period, p.base) as provinces_ranked,
    p.current_geo_code,
    now.name_vi as current_name_vi,
    p.published_on,
    p.release_ids,
    p.source
from provinces as p
join geography as now on now.geo_code = p.current_geo_code
order by p.period_type, p.period, p.base, rank_from_top, p.geo_code;
