-- The warehouse's views: left out of a backup, because they are code and restore reinstalls them.
select view_name from duckdb_views() where not internal order by view_name;
