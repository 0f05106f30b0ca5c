-- How many objects of this database are neither schemas, tables nor views: macros and functions,
-- sequences, user types and indexes (a snapshot patched table by table does not carry them).
with objects as (
    select 1 as one from duckdb_functions()
    where database_name = current_database() and not internal
    union all
    select 1 as one from duckdb_sequences()
    where database_name = current_database()
    union all
    select 1 as one from duckdb_types()
    where database_name = current_database() and not internal
    union all
    select 1 as one from duckdb_indexes()
    where database_name = current_database()
)

select count(*) as n_objects
from objects;
