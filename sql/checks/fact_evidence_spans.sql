-- Facts whose evidence does not match their document: the characters at [start, end) of the parsed
-- text (0-based, end exclusive, counted in code points) must be exactly as_written.
-- Returns the offending facts; empty means the check passes.
with spans as (
    select
        f.fact_id,
        f.document,
        f.as_written,
        f.start,
        f."end",
        d.document_id is null as document_missing,
        substring(d.text, f.start + 1, f."end" - f.start) as text_at_span
    from core.budget_facts as f
    left join staging.documents as d on f.document = d.document_id
),

final as (
    select
        fact_id,
        document,
        start,
        "end",
        as_written,
        text_at_span,
        document_missing
    from spans
    where
        document_missing
        or start < 0
        or "end" <= start
        or text_at_span is distinct from as_written
)

select * from final
order by document, start
