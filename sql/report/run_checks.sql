-- The outcome of every check of one run, with its failing rows, to rebuild that run's report.
select suite, check_name, expectation, severity, success, failing_rows
from check_result
where run_id = $run_id
order by suite, check_name;
