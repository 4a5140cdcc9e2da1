-- Ratios: a stated share equals its part over its whole (78 of 186 firms = 41,9%), within the rounding of
-- the stated share (half a unit of its last decimal; the counts are exact). Which measures form a ratio is
-- data: the measure_ratio table. Grain: (release_id, period_type, period, geo_code, subject, base, share measure).
-- By period: a row of a period comes from figures of that period alone.
create or replace view dq_ratios as
select
    s.period_type,
    s.period,
    s.base,
    s.geo_code,
    s.subject_code as subject,
    s.measure,
    p.value as part,
    w.value as whole,
    s.value as stated_share_pct,
    round(100 * p.value / nullif(w.value, 0), 9) as computed_share_pct,
    round(abs(100 * p.value / nullif(w.value, 0) - s.value), 9) as abs_difference_pct,
    round(0.5 * pow(10, -s.decimals), 9) as tolerance_pct,
    [s.release_id] as release_ids,
    'share: ' || s.source || '; part: ' || p.source || '; whole: ' || w.source as source
from published_fact as s
join measure_ratio as r on r.share_measure = s.measure
join published_fact as p
    on p.release_id = s.release_id and p.period_type = s.period_type and p.period = s.period
    and p.geo_code = s.geo_code and p.subject_kind = s.subject_kind and p.subject_code = s.subject_code
    and p.base = s.base and p.measure = r.part_measure
join published_fact as w
    on w.release_id = s.release_id and w.period_type = s.period_type and w.period = s.period
    and w.geo_code = s.geo_code and w.subject_kind = s.subject_kind and w.subject_code = s.subject_code
    and w.base = s.base and w.measure = r.whole_measure
order by s.period_type, s.period, s.geo_code, s.subject_code, s.measure, s.release_id;
