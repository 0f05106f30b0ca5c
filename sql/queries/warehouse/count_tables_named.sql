-- How many tables have the schema and name given as parameters (0 or 1 in one database).
select count(*) as n_tables
from information_schema.tables
where table_schema = $1 and table_name = $2;
