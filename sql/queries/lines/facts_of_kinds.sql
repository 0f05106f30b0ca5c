-- The facts of the kinds in the list parameter, by fact id (`reconcile.FactRow` columns).
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
where list_contains($1, f.kind)
order by f.fact_id;
