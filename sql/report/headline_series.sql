-- The headline's change against the same month of the previous year, per month, for the report's chart.
select period, change_pct
from iip_headline
where period_type = 'month' and base = 'same_period_prev_year' and change_pct is not null
order by period;
