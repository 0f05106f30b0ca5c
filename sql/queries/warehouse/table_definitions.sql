-- Every table of this database with the CREATE statement that makes it again (columns, types,
-- defaults, constraints) and its comment ('' when none), by schema and name.
select
    schema_name,
    table_name,
    sql as create_statement,
    coalesce(comment, '') as table_comment
from duckdb_tables()
where database_name = current_database()
order by schema_name, table_name;
