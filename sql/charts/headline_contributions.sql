-- The headline change against the same period of last year with the sections' contributions, for `iip chart`.
-- Grain: (period_type, period), months and January-to-month totals; contributions NULL where no release states them.
select
    h.period_type,
    h.period,
    h.change_pct,
    c.contribution_b,
    c.contribution_c,
    c.contribution_d,
    c.contribution_e
from iip_headline as h
left join iip_section_contributions as c using (period_type, period, base)
where h.base = 'same_period_prev_year' and h.period_type in ('month', 'ytd')
order by h.period, h.period_type;
