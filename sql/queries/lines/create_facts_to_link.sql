-- `_bw_link`: the current line facts whose components are redone: the added ones and the unchanged
-- ones of the touched components (`_bw_touched`), with the columns of `line_units.LinkFact`.
create or replace temp table _bw_link as
select c.* exclude (c.document, c.input_hash, c.in_lines)  -- noqa: AM04
from _bw_current as c
left join core.line_inputs as s on c.fact_id = s.fact_id and c.input_hash = s.input_hash
where
    c.in_lines
    and (s.fact_id is null or s.component in (select t.component from _bw_touched as t));
