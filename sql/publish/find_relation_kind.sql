-- Whether a name is a view or a table now: a view that becomes materialized (or back) must be dropped first.
select 'view' as kind from duckdb_views() where view_name = $name and schema_name = current_schema()
union all
select 'table' from duckdb_tables() where table_name = $name and schema_name = current_schema();
