-- The headline change against the same period of last year with the sections' contributions (pp), for the report.
-- Grain: one period: the January-to-date figures where a release states contributions to them, else the month's.
select period, period_type, change_pct, contribution_b, contribution_c, contribution_d, contribution_e
from iip_headline as h
join iip_section_contributions as c using (period_type, period, base)
where h.base = 'same_period_prev_year' and h.period_type in ('month', 'ytd') and h.change_pct is not null
qualify row_number() over (partition by period order by period_type = 'ytd' desc) = 1
order by period;
