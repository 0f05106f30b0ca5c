-- Store the rows of the added facts, with their new components (`_bw_fact_component`); nesting is
-- set per document afterwards.
insert into core.line_inputs (
    fact_id,
    document,
    input_hash,
    kind,
    sector,
    government,
    fiscal_year,
    agency,
    stage,
    instrument,
    recipient,
    currency,
    amount,
    amount_jpy,
    in_lines,
    nested_in,
    component
)
select
    c.fact_id,
    c.document,
    c.input_hash,
    c.kind,
    c.sector,
    c.government,
    c.fiscal_year,
    c.agency,
    c.stage,
    c.instrument,
    c.recipient,
    c.currency,
    c.amount,
    c.amount_jpy,
    c.in_lines,
    null as nested_in,
    fc.component
from _bw_changed as c
left join _bw_fact_component as fc on c.fact_id = fc.fact_id
where c.added;
