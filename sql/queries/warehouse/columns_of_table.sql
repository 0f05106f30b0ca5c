-- The columns of the table named by the parameters (schema, name) of this database, with their types,
-- in column order.
select
    column_name,
    data_type
from duckdb_columns()
where database_name = current_database() and schema_name = $1 and table_name = $2
order by column_index;
