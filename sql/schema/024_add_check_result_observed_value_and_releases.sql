-- Each check's observed value as Great Expectations reports it, and the releases behind its failing rows.
-- Grain unchanged: one expectation of one suite in one run. Older runs keep nulls: they were not measured.
alter table check_result add column observed_value json;
alter table check_result add column release_ids integer[];
