-- One publication: a workbook, or one document of a figures file. Loading the same bytes again is a no-op.
-- state: loaded (not yet validated), published (passed the critical checks), failed (kept, never shown).
create table if not exists release (
    release_id integer primary key default nextval('release_id_seq'),
    publisher varchar not null,
    published_on date not null,
    reference_period varchar not null,
    source_kind varchar not null check (source_kind in ('workbook', 'figures_csv', 'text')),
    source_file varchar not null,
    source_document varchar not null default '',
    sha256 varchar not null,
    status varchar not null check (status in ('estimate', 'preliminary', 'official')),
    state varchar not null default 'loaded' check (state in ('loaded', 'published', 'failed')),
    state_reason varchar,
    loaded_at timestamp not null default current_timestamp,
    unique (sha256, source_document)
);
