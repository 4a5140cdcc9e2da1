-- Agreement across sources: a press release's change agrees with a workbook's index of the same figure
-- (index = 100 + change, within half a unit of each one's last decimal). A press release may quote any
-- vintage, so it agrees when it matches one; otherwise the row names the vintage current when the press
-- release appeared (else the first one). Grain: (press release, period_type, period, geo_code, subject, base)
-- for each press-release change that some workbook also states as an index.
-- By period: a row of a period comes from figures of that period alone.
create or replace view dq_source_agreement as
with press as (
    select * from published_fact where source_kind <> 'workbook' and measure = 'change_pct'
),
workbook as (
    select * from published_fact where source_kind = 'workbook' and measure = 'index'
),
pairs as (
    select
        p.release_id as press_release_id,
        p.period_type,
        p.period,
        p.base,
        p.geo_code,
        p.subject_code as subject,
        p.value as press_change_pct,
        w.value as workbook_index,
        round(abs(w.value - 100 - p.value), 9) as abs_difference_pp,
        round(0.5 * pow(10, -p.decimals) + 0.5 * pow(10, -w.decimals), 9) as tolerance_pp,
        w.published_on <= p.published_on as before_press,
        w.published_on as workbook_published_on,
        w.release_id as workbook_release_id,
        p.source as press_source,
        w.source as workbook_source
    from press as p
    join workbook as w
        on w.period_type = p.period_type and w.period = p.period and w.geo_code = p.geo_code
        and w.subject_kind = p.subject_kind and w.subject_code = p.subject_code and w.base = p.base
)
select
    period_type,
    period,
    base,
    geo_code,
    subject,
    press_change_pct,
    workbook_index,
    abs_difference_pp,
    tolerance_pp,
    count(*) over press_figure as workbook_vintages,
    [press_release_id, workbook_release_id] as release_ids,
    'press release: ' || press_source || '; workbook: ' || workbook_source as source
from pairs
window press_figure as (partition by press_release_id, period_type, period, base, geo_code, subject)
-- the agreeing vintage if there is one, else the latest before the press release, else the first after it
qualify row_number() over (
    press_figure
    order by abs_difference_pp <= tolerance_pp desc, before_press desc,
        case when before_press then workbook_published_on end desc nulls last, workbook_published_on
) = 1
order by period_type, period, base, geo_code, subject, press_release_id;
