-- The schemas of this database made by its users (`main` and the system ones left out).
select schema_name
from duckdb_schemas()
where database_name = current_database() and not internal
order by schema_name;
