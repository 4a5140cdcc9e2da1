-- Keep the outcome of every expectation of one run, with its observed value, failing rows and releases.
-- new_check_result: one row per outcome, registered by warehouse/publish.py for this statement.
insert or replace into check_result (
    run_id, checked_at, suite, expectation, check_name, severity, success, failing_count, failing_rows,
    observed_value, release_ids
)
select $run_id, current_timestamp, suite, expectation, check_name, severity, success, failing_count,
       failing_rows, observed_value, release_ids
from new_check_result;
