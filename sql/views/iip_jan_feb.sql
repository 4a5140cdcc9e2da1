-- January and February combined, every year, with the month the Lunar New Year fell in.
-- The Lunar New Year moves between the two months, so analysts compare the two-month total (the office's "2 tháng"
-- figures) rather than either month alone.
-- Grain: (year, industry_code): the whole industry, sections and divisions. Columns: industry_level, name_en,
-- tet_on and tet_month (when the Lunar New Year fell), index_two_months, change_two_months_pct (January-February
-- against January-February of the year before), change_january_pct, change_february_pct (each month against the
-- same month of the year before), contribution_pp (a section's contribution to the two-month headline change),
-- contributions_sum and residual_pp (on the whole-industry row: the sections' sum minus the headline change),
-- published_on, release_ids, source. Latest vintage, national figures; NULL where no release states the figure.
create or replace view iip_jan_feb as
with national as (
    select
        c.*,
        cast(left(c.period, 4) as integer) as year,
        i.level as industry_level,
        i.name_en
    from latest_change as c
    join industry as i on i.code = c.subject_code
    where c.geo_code = 'VN' and c.subject_kind = 'industry' and c.base = 'same_period_prev_year'
        and ((c.period_type = 'ytd' and right(c.period, 3) = '-02')
            or (c.period_type = 'month' and right(c.period, 3) in ('-01', '-02')))
),
contributions as (
    select cast(left(period, 4) as integer) as year, subject_code, value, release_id, source
    from latest_fact
    where geo_code = 'VN' and subject_kind = 'industry' and measure = 'contribution_pp'
        and base = 'same_period_prev_year' and period_type = 'ytd' and right(period, 3) = '-02'
),
by_year as (
    select
        year,
        subject_code,
        any_value(industry_level) as industry_level,
        any_value(name_en) as name_en,
        max(index_value) filter (where period_type = 'ytd') as index_two_months,
        max(change_pct) filter (where period_type = 'ytd') as change_two_months_pct,
        max(change_pct) filter (where period_type = 'month' and right(period, 3) = '-01') as change_january_pct,
        max(change_pct) filter (where period_type = 'month' and right(period, 3) = '-02') as change_february_pct,
        max(published_on) as published_on,
        list_sort(list_distinct(flatten(list(release_ids)))) as release_ids,
        string_agg(source, '; ' order by period_type, period) as source
    from national
    group by year, subject_code
),
sections as (
    select
        year,
        sum(value) as contributions_sum,
        count(*) as sections_stated,
        list(distinct release_id order by release_id) as release_ids
    from contributions
    where subject_code in ('B', 'C', 'D', 'E')
    group by year
)
select
    b.year,
    b.subject_code as industry_code,
    b.industry_level,
    b.name_en,
    t.tet_on,
    month(t.tet_on) as tet_month,
    b.index_two_months,
    b.change_two_months_pct,
    b.change_january_pct,
    b.change_february_pct,
    c.value as contribution_pp,
    case when b.industry_level = 'total' then round(s.contributions_sum, 6) end as contributions_sum,
    case when b.industry_level = 'total' and s.sections_stated = 4
        then round(s.contributions_sum - b.change_two_months_pct, 6) end as residual_pp,
    b.published_on,
    list_sort(list_distinct(list_concat(
        b.release_ids,
        case when c.release_id is not null then [c.release_id] else [] end,
        case when b.industry_level = 'total' then coalesce(s.release_ids, []) else [] end
    ))) as release_ids,
    b.source || coalesce('; contribution: ' || c.source, '') as source
from by_year as b
left join lunar_new_year as t on t.year = b.year
left join contributions as c on c.year = b.year and c.subject_code = b.subject_code
left join sections as s on s.year = b.year
order by b.year, case b.industry_level when 'total' then 0 when 'section' then 1 else 2 end, b.subject_code;
