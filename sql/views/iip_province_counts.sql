-- How many provinces rose and fell: as the office states it, and as counted from the provinces listed.
-- Grain: (period_type, period, base). Columns: provinces_up_stated, provinces_down_stated (the release's own
-- count, e.g. "tăng ở 56 địa phương"), provinces_stated (their sum), provinces_listed, provinces_listed_up,
-- provinces_listed_down (from iip_province_ranking: press releases name only a few), published_on, release_ids,
-- source. Latest vintage.
-- By period: a row of a period comes from figures of that period alone.
create or replace view iip_province_counts as
with stated as (
    select
        period_type,
        period,
        base,
        max(value) filter (where measure = 'provinces_up_count') as provinces_up_stated,
        max(value) filter (where measure = 'provinces_down_count') as provinces_down_stated,
        max(published_on) as published_on,
        list(distinct release_id order by release_id) as release_ids,
        string_agg(measure || ': ' || source, '; ' order by measure) as source
    from latest_fact
    where geo_code = 'VN' and subject_kind = 'industry' and subject_code = 'TOTAL'
        and measure in ('provinces_up_count', 'provinces_down_count')
    group by period_type, period, base
),
listed as (
    select
        period_type,
        period,
        base,
        count(*) as provinces_listed,
        count(*) filter (where direction = 'up') as provinces_listed_up,
        count(*) filter (where direction = 'down') as provinces_listed_down,
        max(published_on) as published_on,
        list_sort(list_distinct(flatten(list(release_ids)))) as release_ids
    from iip_province_ranking
    group by period_type, period, base
)
select
    period_type,
    period,
    base,
    cast(s.provinces_up_stated as integer) as provinces_up_stated,
    cast(s.provinces_down_stated as integer) as provinces_down_stated,
    cast(s.provinces_up_stated + s.provinces_down_stated as integer) as provinces_stated,
    coalesce(l.provinces_listed, 0) as provinces_listed,
    coalesce(l.provinces_listed_up, 0) as provinces_listed_up,
    coalesce(l.provinces_listed_down, 0) as provinces_listed_down,
    greatest(s.published_on, l.published_on) as published_on,
    list_sort(list_distinct(list_concat(coalesce(s.release_ids, []), coalesce(l.release_ids, [])))) as release_ids,
    s.source
from stated as s
full join listed as l using (period_type, period, base)
order by period_type, period, base;
