-- What a change or index is compared with. Grain: one row per base.
create table if not exists comparison_base (
    base varchar primary key,
    description varchar not null
);
