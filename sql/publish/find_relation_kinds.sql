-- What each name is now: a view, a table, or a table macro. A view that becomes materialized (or back) must be
-- dropped first; a view whose as-of macro is missing (a restored backup leaves macros out) is installed again.
select view_name as name, 'view' as kind from duckdb_views() where schema_name = current_schema() and not internal
union all
select table_name, 'table' from duckdb_tables() where schema_name = current_schema()
union all
select function_name, 'table macro' from duckdb_functions()
where function_type = 'table_macro' and schema_name = current_schema() and not internal;
