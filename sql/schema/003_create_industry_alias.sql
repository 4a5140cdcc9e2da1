-- Names under which releases print an industry, as matching keys (see warehouse/names.py).
-- Grain: one row per alias key. Loaded from warehouse/reference/industry_aliases.csv and the names themselves.
create table if not exists industry_alias (
    alias_key varchar primary key,
    alias varchar not null,
    code varchar not null
);
