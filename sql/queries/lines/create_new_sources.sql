-- `_bw_new_sources`: an empty table shaped as core.budget_line_sources, for the reports of the lines of
-- the redone components.
create or replace temp table _bw_new_sources as
select *  -- noqa: AM04
from core.budget_line_sources
where false;
