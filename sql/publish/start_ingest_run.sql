-- Open the log entry of one run of the monthly ingestion.
insert into ingest_run (run_id, started_at, source) values ($run_id, current_timestamp, $source);
