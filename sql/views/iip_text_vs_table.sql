-- Figures stated in prose (articles, press releases: text and figures files) beside the same figure in a table.
-- Grain: one prose figure (period_type, period, geo_code, subject_kind, subject_code, measure, base), latest
-- vintage, that a workbook also states. A workbook's index 105.46 is the change 5.46; prose rounds it ("tăng
-- 5,5%"), so the two agree when the table's change is within half a unit of the prose's last published decimal.
-- The table compared is the vintage the prose quotes: one of the same status (an estimate is compared with the
-- workbook that estimated it, not with the next month's revision), else the latest.
-- By period: a row of a period comes from figures of that period alone.
create or replace view iip_text_vs_table as
with prose as (
    select *
    from published_fact
    where source_kind in ('text', 'figures_csv')
    qualify row_number() over (
        partition by period_type, period, geo_code, subject_kind, subject_code, measure, base
        order by published_on desc, release_id desc
    ) = 1
),
tabled as (
    select
        period_type,
        period,
        geo_code,
        subject_kind,
        subject_code,
        base,
        case when measure = 'index' then 'change_pct' else measure end as measure,
        case when measure = 'index' then value - 100 else value end as value,
        measure = 'index' as from_index,
        status,
        published_on,
        release_id,
        source
    from published_fact
    where source_kind = 'workbook'
),
paired as (
    select
        p.period_type,
        p.period,
        p.geo_code,
        p.subject_code,
        p.measure,
        p.base,
        p.value as prose_value,
        p.decimals as prose_decimals,
        p.status as prose_status,
        round(t.value, 6) as table_value,
        t.status as table_status,
        abs(t.value - p.value) <= 0.5 * pow(10, -p.decimals) + 1e-9 as agrees,
        p.source_kind as prose_kind,
        p.source as prose_source,
        t.source as table_source
    from prose as p
    join tabled as t using (period_type, period, geo_code, subject_kind, subject_code, measure, base)
    qualify row_number() over (
        partition by p.period_type, p.period, p.geo_code, p.subject_kind, p.subject_code, p.measure, p.base
        order by t.status is not distinct from p.status desc, t.published_on desc, t.release_id desc,
            t.from_index desc
    ) = 1
)
select *
from paired
order by period_type, period, geo_code, subject_code, measure, base;
