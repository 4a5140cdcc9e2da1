-- What a reader could not understand, kept verbatim with the reason: a whole file (location '') or one cell/row.
-- Grain: one (file bytes, location, reason); re-reading the same file adds nothing.
create table if not exists quarantine (
    sha256 varchar not null,
    source_file varchar not null,
    location varchar not null,
    raw_label varchar,
    raw_value varchar,
    reason varchar not null,
    quarantined_at timestamp not null default current_timestamp,
    primary key (sha256, location, reason)
);
