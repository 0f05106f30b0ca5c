-- Every table of this database with its comment ('' when none), by schema and name.
select
    schema_name,
    table_name,
    coalesce(comment, '') as table_comment
from duckdb_tables()
where database_name = current_database()
order by schema_name, table_name;
