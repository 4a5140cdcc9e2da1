-- A stated share and the two counts it is the ratio of (share = 100 * part / whole).
-- Grain: one row per share measure. Loaded from warehouse/reference/measure_ratios.csv.
create table if not exists measure_ratio (
    share_measure varchar primary key,
    part_measure varchar not null,
    whole_measure varchar not null,
    description varchar not null
);
