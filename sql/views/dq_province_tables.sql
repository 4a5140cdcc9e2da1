-- Province tables: every province a release states a figure for existed at the figure's period (its last
-- day, by the geography table's validity dates: 63 provinces until 2025-06-30, 34 from 2025-07-01), and a
-- table meant to list every province does. Which tables are meant whole (completeness_rule):
--   'workbook'   a workbook's province table, always: the office prints every province;
--   'nearly_all' a table of any other source that states all but at most a fifth of the provinces valid at
--                its period (51 of 63, 28 of 34): a press release names provinces selectively, a handful
--                that led or lagged, never four fifths of the country, so a list that long was transcribed
--                from a whole table and a province it lacks is a line lost on the way;
--   null         a selection (a press release naming a few provinces): nothing is missing from it.
-- provinces_missing lists the codes a table under a rule lacks, provinces_missing_names their names.
-- Grain: (release_id, period_type, period, subject, measure, base) wherever a release states provinces.
-- By period: a row of a period comes from figures of that period alone.
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
    select distinct s.period_end, g.geo_code, g.name_vi
    from (select distinct period_end from stated) as s
    join geography as g
        on g.level = 'province' and coalesce(g.valid_from, date '1900-01-01') <= s.period_end
        and coalesce(g.valid_to, date '9999-12-31') >= s.period_end
),
valid_sets as (
    select
        period_end,
        list(geo_code order by geo_code) as valid_provinces,
        list(name_vi order by geo_code) as valid_names
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
),
judged as (
    select
        t.*,
        v.valid_provinces,
        v.valid_names,
        list_filter(v.valid_provinces, p -> not list_contains(t.provinces, p)) as lacking,
        case
            when t.source_kind = 'workbook' then 'workbook'
            when len(lacking) <= len(v.valid_provinces) / 5 then 'nearly_all'
        end as completeness_rule
    from tables as t
    join valid_sets as v using (period_end)
)
select
    period_type,
    period,
    base,
    subject,
    measure,
    len(provinces) as provinces_stated,
    len(valid_provinces) as provinces_valid,
    list_filter(provinces, p -> not list_contains(valid_provinces, p)) as provinces_not_valid,
    len(list_filter(provinces, p -> not list_contains(valid_provinces, p))) as provinces_not_valid_count,
    completeness_rule,
    case when completeness_rule is not null then lacking end as provinces_missing,
    case when completeness_rule is not null
        then list_transform(lacking, p -> valid_names[list_position(valid_provinces, p)])
    end as provinces_missing_names,
    case when completeness_rule is not null then len(lacking) end as provinces_missing_count,
    0 as tolerance,
    [release_id] as release_ids,
    source
from judged
order by period_type, period, base, subject, measure, release_id;
