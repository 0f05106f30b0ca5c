-- The tables of this database, by schema.
select
    schema_name,
    table_name
from duckdb_tables()
where database_name = current_database();
