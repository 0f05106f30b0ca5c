-- The columns of the table named by the parameters (schema, name) of this database, with their types,
-- in column order.
select
    column_name,
    data_type
from information_schema.columns
where table_catalog = current_database() and table_schema = $1 and table_name = $2
order by ordinal_position;
