-- VSIC 2018 industries the IIP is published for: the whole industry, sections B-E, divisions 05-39.
-- Grain: one row per code. Loaded from warehouse/reference/industries.csv.
create table if not exists industry (
    code varchar primary key,
    level varchar not null check (level in ('total', 'section', 'division')),
    parent_code varchar,
    name_vi varchar not null,
    name_en varchar not null
);
