-- The stored bodies with no document of the parser version `$1` yet, at most `$2` of them, by content
-- hash; each with the source and URL it is read as (the first of the URLs serving it, else the first one
-- it was fetched from) and that source's language.
with first_url as (
    select
        content_hash,
        arg_min(source_id, source_id || url) as source_id,
        min(url) as url
    from raw.source_urls
    group by content_hash
)

select
    d.content_hash,
    d.body,
    d.content_type,
    d.charset,
    s.language,
    coalesce(f.source_id, d.first_source_id) as source_id,
    coalesce(f.url, d.first_url) as url
from raw.documents as d
left join first_url as f on d.content_hash = f.content_hash
left join raw.sources as s on coalesce(f.source_id, d.first_source_id) = s.source_id
left join staging.documents as p on d.content_hash = p.document_id
where p.document_id is null or p.parser_version <> $1
order by d.content_hash
limit $2;
