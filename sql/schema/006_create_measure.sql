-- What a figure measures and in which unit. Grain: one row per measure.
create table if not exists measure (
    measure varchar primary key,
    unit varchar not null,
    description varchar not null
);
