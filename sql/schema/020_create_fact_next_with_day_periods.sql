-- The fact table again, with period_type 'day' for point-in-time figures (labour at the 1st of a month,
-- inventory at its end: period 'YYYY-MM-DD'). DuckDB cannot widen a CHECK in place, so 018-021 build the new
-- table, copy every row, drop the old one and take its name. Grain: one figure of one release.
create table if not exists fact_next (
    release_id integer not null,
    period_type varchar not null check (period_type in ('month', 'quarter', 'ytd', 'year', 'day')),
    period varchar not null,
    geo_code varchar not null,
    subject_kind varchar not null check (subject_kind in ('industry', 'product')),
    subject_code varchar not null,
    measure varchar not null,
    base varchar not null,
    value double not null,
    value_high double,
    decimals tinyint not null,
    unit varchar not null,
    status varchar check (status in ('estimate', 'preliminary', 'official', 'target', 'forecast')),
    source_location varchar not null,
    primary key (release_id, period_type, period, geo_code, subject_kind, subject_code, measure, base)
);
