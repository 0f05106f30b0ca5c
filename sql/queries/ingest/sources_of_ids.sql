-- The catalog entries stored for the source ids in the list parameter, in the column order of
-- `ingest._SOURCE_COLUMNS` (compared with the catalog's entries as tuples).
select
    source_id,
    catalog,
    name,
    kind,
    url,
    language,
    government,
    agency,
    publisher_type,
    schedule
from raw.sources
where list_contains($1, source_id);
