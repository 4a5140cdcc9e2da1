-- The country and its provinces: 63 valid until 2025-06-30, 34 valid from 2025-07-01 (Resolution 202/2025/QH15).
-- Grain: one row per geography version; successor_geo_code maps a pre-merger province to its new one.
create table if not exists geography (
    geo_code varchar primary key,
    level varchar not null check (level in ('country', 'province')),
    gso_code varchar,
    name_vi varchar not null,
    valid_from date,
    valid_to date,
    successor_geo_code varchar
);
