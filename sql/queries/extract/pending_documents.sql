-- The parsed documents that the stage `$1` has not processed with version `$2`, at most `$3` of them,
-- by id, with their source's government and agency. Feeds and index pages are left out: they are
-- navigation, and their teasers repeat the articles they link to.
select
    d.document_id,
    d.text,
    d.title,
    d.published,
    d.url,
    d.language,
    s.government,
    s.agency,
    d.source_id
from staging.documents as d
left join raw.sources as s on d.source_id = s.source_id
left join staging.extraction_log as x on d.document_id = x.document_id and x.stage = $1
where
    d.error is null
    and (x.document_id is null or x.version <> $2)
    and coalesce(d.content_kind, '') <> 'feed'
    and not exists (
        select 1 from raw.sources as nav
        where nav.kind in ('feed', 'index') and nav.url = d.url
    )
order by d.document_id
limit $3;
