-- The definition of every view of this database but the built-in ones, by schema and name.
select sql
from duckdb_views()
where database_name = current_database() and not internal
order by schema_name, view_name;
