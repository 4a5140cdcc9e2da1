-- The provinces of one period ranked by change, with the office's own up/down counts, for `iip chart`.
-- Grain: one province. $period NULL: the latest period with provinces listed (a month before a year-to-date).
with chosen as (
    select period_type, period, base
    from iip_province_ranking
    where $period is null or period = $period
    order by period desc, period_type = 'month' desc, base = 'same_period_prev_year' desc
    limit 1
)
select r.*, c.provinces_up_stated, c.provinces_down_stated
from iip_province_ranking as r
join chosen using (period_type, period, base)
left join iip_province_counts as c using (period_type, period, base)
order by r.rank_from_top;
