-- Add a release's figures from the staged frame `staged_facts` (warehouse.facts.FACT_SCHEMA).
insert into fact (
    release_id, period_type, period, geo_code, subject_kind, subject_code, measure, base,
    value, value_high, decimals, unit, status, source_location
)
select
    $release_id, period_type, period, geo_code, subject_kind, subject_code, measure, base,
    value, value_high, decimals, unit, status, source_location
from staged_facts;
