-- Keep the outcome of one expectation of one run, with its failing rows.
insert or replace into check_result (
    run_id, checked_at, suite, expectation, check_name, severity, success, failing_count, failing_rows
)
values ($run_id, current_timestamp, $suite, $expectation, $check_name, $severity, $success, $failing_count,
        $failing_rows);
