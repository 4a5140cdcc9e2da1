-- Every failing row of every check in every run, one row per release behind it: check outcomes as data.
-- Grain: (run_id, suite, check_name, row_number, release_id). Answers "which checks failed on last month's
-- release" or "how often did a check fail over the years" (count distinct run_id / release_id).
create or replace view check_failure as
with failing as (
    select
        c.run_id,
        c.checked_at,
        c.suite,
        c.check_name,
        c.severity,
        r.row_number,
        r.row_json
    from check_result as c,
        unnest(cast(c.failing_rows as json[])) with ordinality as r(row_json, row_number)
    where not c.success
)
select
    f.run_id,
    f.checked_at,
    f.suite,
    f.check_name,
    f.severity,
    f.row_number,
    f.row_json ->> '$.period_type' as period_type,
    f.row_json ->> '$.period' as period,
    f.row_json ->> '$.base' as base,
    f.row_json ->> '$.subject' as subject,
    cast(rid.release_id as integer) as release_id,
    rel.source_file,
    rel.published_on,
    f.row_json ->> '$.source' as source,
    f.row_json as failing_row
from failing as f
left join unnest(cast(f.row_json -> '$.release_ids' as integer[])) as rid(release_id) on true
left join release as rel on rel.release_id = rid.release_id
order by f.checked_at, f.suite, f.check_name, f.row_number;
