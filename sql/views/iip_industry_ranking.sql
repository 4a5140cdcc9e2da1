-- Two-digit industries (VSIC 2018 divisions) ranked by change: the leaders and the laggards of each period.
-- Materialized: ranks every division in every period, too slow to compute at each query.
-- By period (ranks divisions within a period): a run recomputes only the periods its releases state.
-- Grain: (period_type, period, base, industry_code). Columns: section_code, name_en, name_vi, index_value,
-- change_pct, rank_from_top (1 = fastest growth; ties share a rank), rank_from_bottom (1 = steepest fall),
-- divisions_ranked (how many divisions the releases state for the period), standing ('leader' among the top 5,
-- 'laggard' among the bottom 5, else NULL; with fewer than 10 divisions stated, the top and bottom halves),
-- published_on, release_ids, source. Latest vintage, national figures.
create or replace view iip_industry_ranking as
with divisions as (
    select c.*, i.parent_code as section_code, i.name_en, i.name_vi
    from latest_change as c
    join industry as i on i.code = c.subject_code
    where c.geo_code = 'VN' and c.subject_kind = 'industry' and i.level = 'division' and c.change_pct is not null
),
ranked as (
    select
        *,
        rank() over (partition by period_type, period, base order by change_pct desc) as rank_from_top,
        rank() over (partition by period_type, period, base order by change_pct asc) as rank_from_bottom,
        count(*) over (partition by period_type, period, base) as divisions_ranked
    from divisions
)
select
    period_type,
    period,
    base,
    subject_code as industry_code,
    section_code,
    name_en,
    name_vi,
    index_value,
    change_pct,
    rank_from_top,
    rank_from_bottom,
    divisions_ranked,
    case
        when rank_from_top <= least(5, divisions_ranked // 2) then 'leader'
        when rank_from_bottom <= least(5, divisions_ranked // 2) then 'laggard'
    end as standing,
    published_on,
    release_ids,
    source
from ranked
order by period_type, period, base, rank_from_top, industry_code;
