-- Add the figures of the releases being loaded, from the staged frame `staged_facts`
-- (warehouse.facts.FACT_SCHEMA plus the release_id each figure belongs to): one insert per run.
insert into fact (
    release_id, period_type, period, geo_code, subject_kind, subject_code, measure, base,
    value, value_high, decimals, unit, status, source_location
)
select
    release_id, period_type, period, geo_code, subject_kind, subject_code, measure, base,
    value, value_high, decimals, unit, status, source_location
from staged_facts;
