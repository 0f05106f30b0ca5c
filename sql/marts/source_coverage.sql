-- Per source: what it yields and how its fetches go. Documents are counted by content hash, so a
-- body fetched twice, or reached from two URLs, counts once; facts and lines count the facts of
-- those documents.
create or replace table marts.source_coverage as
with source_ids as (
    select source_id from raw.sources
    union
    select source_id from raw.fetch_log
),

source_documents as (
    select distinct
        source_id,
        content_hash as document_id
    from raw.source_urls
    where content_hash is not null
    union
    select distinct
        source_id,
        document_id
    from staging.documents
    where source_id is not null
),

fetches as (
    select
        source_id,
        count(*) as n_fetches,
        count(*) filter (where error is not null) as n_fetch_errors,
        count(*) filter (where not_modified) as n_not_modified,
        max(fetched_at) as last_fetch_at,
        max(fetched_at) filter (where error is null) as last_success_at,
        max(fetched_at) filter (where error is not null) as last_error_at,
        arg_max(error, fetched_at) filter (where error is not null) as last_error
    from raw.fetch_log
    group by source_id
),

urls as (
    select
        source_id,
        count(*) as n_urls
    from raw.source_urls
    group by source_id
),

documents as (
    select
        sd.source_id,
        count(distinct sd.document_id) as n_documents,
        count(distinct sd.document_id) filter (where d.error is not null) as n_parse_errors,
        max(d.published) as last_published
    from source_documents as sd
    left join staging.documents as d on sd.document_id = d.document_id
    group by sd.source_id
),

facts as (
    select
        sd.source_id,
        count(f.fact_id) as n_facts,
        count(f.fact_id) filter (where f.kind in ('allocation', 'total_budget', 'cumulative_total', 'bond'))
            as n_budget_facts
    from source_documents as sd
    inner join core.budget_facts as f on sd.document_id = f.document
    group by sd.source_id
),

lines as (
    select
        sd.source_id,
        count(distinct s.line_id) as n_lines,
        count(distinct s.line_id) filter (where s.is_best) as n_best_lines
    from source_documents as sd
    inner join core.budget_line_sources as s on sd.document_id = s.document
    group by sd.source_id
),

conflict_lines as (
    select line_id_a as line_id from core.fact_conflicts
    union
    select line_id_b as line_id from core.fact_conflicts
),

conflicts as (
    select
        sd.source_id,
        count(distinct s.line_id) as n_conflicting_lines
    from source_documents as sd
    inner join core.budget_line_sources as s on sd.document_id = s.document
    inner join conflict_lines as c on s.line_id = c.line_id
    group by sd.source_id
),

final as (
    select
        i.source_id,
        s.name,
        s.kind,
        s.publisher_type,
        s.government,
        s.agency,
        s.url,
        coalesce(u.n_urls, 0)::integer as n_urls,
        coalesce(d.n_documents, 0)::integer as n_documents,
        coalesce(d.n_parse_errors, 0)::integer as n_parse_errors,
        coalesce(x.n_facts, 0)::integer as n_facts,
        coalesce(x.n_budget_facts, 0)::integer as n_budget_facts,
        coalesce(l.n_lines, 0)::integer as n_lines,
        coalesce(l.n_best_lines, 0)::integer as n_best_lines,
        coalesce(c.n_conflicting_lines, 0)::integer as n_conflicting_lines,
        coalesce(f.n_fetches, 0)::integer as n_fetches,
        coalesce(f.n_fetch_errors, 0)::integer as n_fetch_errors,
        coalesce(f.n_not_modified, 0)::integer as n_not_modified,
        f.last_fetch_at,
        f.last_success_at,
        f.last_error_at,
        f.last_error,
        d.last_published
    from source_ids as i
    left join raw.sources as s on i.source_id = s.source_id
    left join urls as u on i.source_id = u.source_id
    left join documents as d on i.source_id = d.source_id
    left join facts as x on i.source_id = x.source_id
    left join lines as l on i.source_id = l.source_id
    left join conflicts as c on i.source_id = c.source_id
    left join fetches as f on i.source_id = f.source_id
)

select * from final
order by source_id;
