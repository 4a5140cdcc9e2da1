-- Close the log entry of one run with what it did.
update ingest_run
set finished_at = current_timestamp, files_seen = $files_seen, releases_loaded = $releases_loaded,
    facts_loaded = $facts_loaded, outcome = $outcome
where run_id = $run_id;
