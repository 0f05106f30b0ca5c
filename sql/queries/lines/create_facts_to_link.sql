-- `_bw_link`: the current line facts whose components are redone: the added ones and the unchanged
-- ones of the touched components (`_bw_touched`).
create or replace temp table _bw_link as
select
    c.fact_id,
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
    c.amount_jpy
from _bw_current as c
left join core.line_inputs as s on c.fact_id = s.fact_id and c.input_hash = s.input_hash
where
    c.in_lines
    and (s.fact_id is null or s.component in (select t.component from _bw_touched as t));
