-- `_bw_old_lines`: the stored lines made of facts of the touched components (`_bw_touched`).
create or replace temp table _bw_old_lines as
select distinct ls.line_id
from core.budget_line_sources as ls
inner join core.line_inputs as li on ls.fact_id = li.fact_id
inner join _bw_touched as t on li.component = t.component;
