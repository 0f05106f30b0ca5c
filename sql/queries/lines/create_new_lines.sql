-- `_bw_new_lines`: an empty table shaped as core.budget_lines, for the lines of the redone components.
create or replace temp table _bw_new_lines as
select *  -- noqa: AM04
from core.budget_lines
where false;
