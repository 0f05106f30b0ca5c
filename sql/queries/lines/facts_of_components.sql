-- The facts of the components numbered between the two parameters (`_bw_fact_component`):
-- `reconcile.FactRow` columns, then the component's number; by component.
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
    f.percent,
    fc.n
from _bw_fact_component as fc
inner join bw_line_facts as f on fc.fact_id = f.fact_id
where fc.n between $1 and $2
order by fc.n, f.fact_id;
