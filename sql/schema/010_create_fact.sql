-- Every published figure, long format. Grain: one figure of one release; the primary key is its natural key.
-- decimals is the precision as published (5,7 -> 1; 0,04 -> 2): rounding tolerances are derived from it.
create table if not exists fact (
    release_id integer not null,
    period_type varchar not null check (period_type in ('month', 'quarter', 'ytd', 'year')),
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
