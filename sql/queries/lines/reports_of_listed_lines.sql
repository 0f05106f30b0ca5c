-- The reports of the lines listed in `_bw_ids`, best first: `reconcile.FactRow` columns, then the
-- line's id, key and recipient.
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
    l.line_id,
    l.government as line_government,
    l.agency as line_agency,
    l.fiscal_year as line_fiscal_year,
    l.stage as line_stage,
    l.kind as line_kind,
    l.sector as line_sector,
    l.instrument as line_instrument,
    l.recipient as line_recipient
from _bw_ids as i
inner join core.budget_lines as l on i.line_id = l.line_id
inner join core.budget_line_sources as ls on l.line_id = ls.line_id
inner join bw_line_facts as f on ls.fact_id = f.fact_id
order by l.line_id, ls.report_rank;
