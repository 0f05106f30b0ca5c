-- The current facts of the kinds in the last parameter of the documents numbered between the first
-- two (`_bw_docs`), by document (`reconcile.FactRow` columns).
select
    f.fact_id,
    f.document,
    f.source_id,
    f.url,
    f.publisher_type,
    f.published,
    f.as_written,
    f.sentence,
    f.amount,
    f.currency,
    f.amount_jpy,
    f.amount_usd,
    f.kind,
    f.sector,
    f.stage,
    f.instrument,
    f.recipient,
    f.government,
    f.agency,
    f.fiscal_year,
    f.qualifier,
    f.start,
    f."end",
    f.confidence,
    f.percent
from bw_line_facts as f
inner join _bw_docs as d on f.document = d.document
where d.n between $1 and $2 and list_contains($3, f.kind)
order by f.document, f.fact_id;
