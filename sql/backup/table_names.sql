-- The warehouse's own tables, for a backup's manifest of row counts.
select table_name from duckdb_tables() where not internal order by table_name;
