-- Store the bodies of the registered frame `_bw_ingest_rows` that are not stored yet (a stored body is
-- never rewritten). Values other than the body arrive as text.
insert into raw.documents (
    content_hash,
    body,
    content_type,
    charset,
    first_source_id,
    first_url,
    n_bytes,
    first_seen_at
)
select
    r.content_hash,
    r.body,
    r.content_type,
    r.charset,
    r.first_source_id,
    r.first_url,
    cast(r.n_bytes as bigint) as n_bytes,
    cast(r.first_seen_at as timestamp) as first_seen_at
from _bw_ingest_rows as r
where r.content_hash not in (select d.content_hash from raw.documents as d);
