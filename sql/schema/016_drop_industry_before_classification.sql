-- Make way for industry with a classification column (015): DuckDB cannot widen a CHECK constraint in place.
-- Grain: none. The table holds reference data only, reloaded from warehouse/reference/industries.csv after
-- every migration, so nothing is lost.
drop table if exists industry;
