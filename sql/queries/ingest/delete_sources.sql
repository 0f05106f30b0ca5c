-- Forget the catalog entries of the source ids in the list parameter.
delete from raw.sources
where list_contains($1, source_id);
