-- Record the state of each URL of the registered frame `_bw_ingest_rows` (one row per source and URL;
-- values arrive as text): a validator, type or hash that a fetch leaves unsaid keeps its stored value.
insert into raw.source_urls as s (
    source_id,
    url,
    content_hash,
    content_type,
    charset,
    etag,
    last_modified,
    first_seen_at,
    last_fetched_at
)
select
    source_id,
    url,
    content_hash,
    content_type,
    charset,
    etag,
    last_modified,
    cast(first_seen_at as timestamp) as first_seen_at,
    cast(last_fetched_at as timestamp) as last_fetched_at
from _bw_ingest_rows
on conflict (source_id, url) do update set
    content_hash = coalesce(excluded.content_hash, s.content_hash),
    content_type = coalesce(excluded.content_type, s.content_type),
    charset = coalesce(excluded.charset, s.charset),
    etag = coalesce(excluded.etag, s.etag),
    last_modified = coalesce(excluded.last_modified, s.last_modified),
    last_fetched_at = excluded.last_fetched_at;
