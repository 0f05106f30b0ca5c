-- The validators and content hash of every URL's last successful fetch.
select
    source_id,
    url,
    etag,
    last_modified,
    content_hash
from raw.source_urls;
