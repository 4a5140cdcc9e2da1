-- The latest vintage of each figure: the value stated by the most recently published release.
-- Materialized: every analytic view reads it, and the window over all vintages is its costliest step.
-- By period (a figure's vintages all share its period): a run recomputes only the periods its releases state.
-- Grain: (period_type, period, geo_code, subject_kind, subject_code, measure, base).
-- Vintages are ordered by publication date (the February workbook revises January), then by load order;
-- a figure extracted from narrative text yields to any table stating it (text rounds, tables do not).
create or replace view latest_fact as
select *
from published_fact
qualify row_number() over (
    partition by period_type, period, geo_code, subject_kind, subject_code, measure, base
    order by source_kind = 'text', published_on desc, release_id desc
) = 1;
