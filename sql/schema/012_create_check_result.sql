-- The outcome of each expectation in each validation run, with the failing rows and their provenance as JSON.
-- Grain: one expectation of one suite in one run.
create table if not exists check_result (
    run_id varchar not null,
    checked_at timestamp not null,
    suite varchar not null,
    expectation varchar not null,
    check_name varchar not null,
    severity varchar not null check (severity in ('critical', 'warning')),
    success boolean not null,
    failing_count integer not null,
    failing_rows json,
    primary key (run_id, suite, check_name)
);
