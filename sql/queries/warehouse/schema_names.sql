-- The schemas of this database.
select schema_name
from duckdb_schemas()
where database_name = current_database();
