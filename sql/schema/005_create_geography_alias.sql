-- Names under which releases print a province, as matching keys; the period decides which version is meant.
-- Grain: one row per (alias key, province name).
create table if not exists geography_alias (
    alias_key varchar not null,
    alias varchar not null,
    name_vi varchar not null,
    primary key (alias_key, name_vi)
);
