-- Every view of this database but the built-in ones, with its CREATE statement, in the order they were
-- created (a view can name only views made before it).
select
    schema_name,
    view_name,
    sql as create_statement
from duckdb_views()
where database_name = current_database() and not internal
order by view_oid;
