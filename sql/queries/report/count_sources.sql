-- Catalog sources.
select count(*) as n_sources
from raw.sources;
