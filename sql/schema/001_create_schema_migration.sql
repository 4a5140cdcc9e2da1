-- Which schema files have been applied, with their checksum: lets `migrate` run any number of times.
create table if not exists schema_migration (
    name varchar primary key,
    sha256 varchar not null,
    applied_at timestamp not null default current_timestamp
);
