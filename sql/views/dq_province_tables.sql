-- Province tables: every province a release states a figure for existed at the figure's period (its last
-- day, by the geography table's validity dates: 63 provinces until 2025-06-30, 34 from 2025-07-01), and a
-- workbook's province table lists exactly the provinces valid at its period. Press releases name a few
-- provinces, so only the first rule applies to them (provinces_missing_count is null).
-- Grain: (release_id, period_type, period, subject, measure, base) wherever a release states provinces.
create or replace view dq_province_tables as
with stated as (
    select
        f.*,
        last_day(case f.period_type
            when 'year' then make_date(cast(f.period as integer), 12, 1)
            when 'quarter' then make_date(cast(left(f.period, 4) as integer), cast(right(f.period, 1) as integer) * 3, 1)
            else cast(f.period || '-01' as date)
        end) as period_end
    from published_fact as f
    join geography as g on g.geo_code = f.geo_code and g.level = 'province'
),
valid as (
    select distinct s.period_end, g.geo_code
    from (select distinct period_end from stated) as s
    join geography as g
        on g.level = 'province' and coalesce(g.valid_from, date '1900-01-01') <= s.period_end
        and coalesce(g.valid_to, date '9999-12-31') >= s.period_end
),
valid_sets as (
    select period_end, list(geo_code order by geo_code) as valid_provinces
    from valid
    group by period_end
),
tables as (
    select
        release_id,
        period_type,
        period,
        subject_code as subject,
        measure,
        base,
        period_end,
        any_value(source_kind) as source_kind,
        list(geo_code order by geo_code) as provinces,
        string_agg(geo_code || ': ' || source, '; ' order by geo_code) as source
    from stated
    group by release_id, period_type, period, subject_code, measure, base, period_end
)
select
    t.period_type,
    t.period,
    t.base,
    t.subject,
    t.measure,
    len(t.provinces) as provinces_stated,
    len(v.valid_provinces) as provinces_valid,
    list_filter(t.provinces, p -> not list_contains(v.valid_provinces, p)) as provinces_not_valid,
    len(list_filter(t.provinces, p -> not list_contains(v.valid_provinces, p))) as provinces_not_valid_count,
    case when t.source_kind = 'workbook'
        then len(list_filter(v.valid_provinces, p -> not list_contains(t.provinces, p)))
    end as provinces_missing_count,
    0 as tolerance,
    [t.release_id] as release_ids,
    t.source
from tables as t
join valid_sets as v using (period_end)
order by t.period_type, t.period, t.base, t.subject, t.measure, t.release_id;
