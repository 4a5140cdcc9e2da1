-- The 2025 province merger (Resolution 202/2025/QH15): each of the 34 provinces with the provinces it absorbed.
-- Grain: (geo_code, predecessor_geo_code): one row per province of the 63 valid until 2025-06-30, listed under its
-- successor. Columns: geo_code, gso_code, name_vi (the province from 2025-07-01), predecessor_geo_code,
-- predecessor_gso_code, predecessor_name_vi, predecessors (how many provinces merged into it), renamed (the
-- successor's name differs from the predecessor's). Read with iip_province_ranking.current_geo_code.
create or replace view iip_province_merger as
select
    new.geo_code,
    new.gso_code,
    new.name_vi,
    old.geo_code as predecessor_geo_code,
    old.gso_code as predecessor_gso_code,
    old.name_vi as predecessor_name_vi,
    count(*) over (partition by new.geo_code) as predecessors,
    old.name_vi <> new.name_vi as renamed,
    old.valid_to as predecessor_valid_to,
    new.valid_from
from geography as old
join geography as new on new.geo_code = old.successor_geo_code
where old.level = 'province'
order by new.gso_code, old.gso_code;
