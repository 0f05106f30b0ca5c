-- The digest of the last reference load (the comment of core.fx_rates) and the rows of both tables.
select
    comment,
    (select count(*) from core.fx_rates) as n_fx_rates,
    (select count(*) from core.entities) as n_entities
from duckdb_tables()
where database_name = current_database() and schema_name = 'core' and table_name = 'fx_rates';
