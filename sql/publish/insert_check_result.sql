-- Keep the outcome of one expectation of one run, with its observed value, failing rows and releases.
insert or replace into check_result (
    run_id, checked_at, suite, expectation, check_name, severity, success, failing_count, failing_rows,
    observed_value, release_ids
)
values ($run_id, current_timestamp, $suite, $expectation, $check_name, $severity, $success, $failing_count,
        $failing_rows, $observed_value, $release_ids);
