-- The tables of this database in the schemas of the list parameter.
select
    table_schema,
    table_name
from information_schema.tables
where table_catalog = current_database() and list_contains($1, table_schema)
order by table_schema, table_name;
