-- One run of the monthly ingestion: what it was given and how it ended.
create table if not exists ingest_run (
    run_id varchar primary key,
    started_at timestamp not null,
    finished_at timestamp,
    source varchar not null,
    files_seen integer,
    releases_loaded integer,
    facts_loaded integer,
    outcome varchar
);
