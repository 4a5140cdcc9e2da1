-- Names under which releases print an industry, as matching keys (see warehouse/names.py), per classification.
-- Grain: one row per classification and alias key. Loaded from warehouse/reference/industry_aliases.csv and
-- the names themselves.
create table if not exists industry_alias (
    classification varchar not null,
    alias_key varchar not null,
    alias varchar not null,
    code varchar not null,
    primary key (classification, alias_key)
);
