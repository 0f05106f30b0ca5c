-- The comment of the mart table named by the parameter: the fingerprint it was built from.
select comment
from duckdb_tables()
where database_name = current_database() and schema_name = 'marts' and table_name = $1;
