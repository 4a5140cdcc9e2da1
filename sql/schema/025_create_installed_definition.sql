-- What the code-defined parts of the warehouse were last installed from, so that what has not changed is left
-- alone: each view (or materialized table) with its as-of macro, and each reference table's rows.
-- Grain: one installed object. sha256 digests its definition and the definitions of everything it reads.
create table installed_definition (
    kind varchar not null check (kind in ('view', 'reference')),
    name varchar not null,
    sha256 varchar not null,
    installed_at timestamp not null default current_timestamp,
    primary key (kind, name)
);
