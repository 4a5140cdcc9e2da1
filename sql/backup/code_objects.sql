-- Views and macros: code (sql/views/, sql/macros/), so a backup leaves them out and restore reinstalls them.
-- Macros first: they are dropped before the views they read.
select 'macro table' as kind, function_name as name
from duckdb_functions() where function_type = 'table_macro' and not internal
union all
select 'macro', function_name from duckdb_functions() where function_type = 'macro' and not internal
union all
select 'view', view_name from duckdb_views() where not internal;
