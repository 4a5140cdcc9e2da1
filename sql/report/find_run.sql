-- The run a report is asked for: the given run id, or the latest run when none is given.
select run_id, started_at, source, outcome
from ingest_run
where $run_id is null or run_id = $run_id
order by started_at desc
limit 1;
