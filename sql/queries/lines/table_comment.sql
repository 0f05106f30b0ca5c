-- The comment of a table (schema and name as parameters) of this database.
select comment
from duckdb_tables()
where database_name = current_database() and schema_name = $1 and table_name = $2;
