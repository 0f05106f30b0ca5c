-- `_bw_conflict_lines`: every line, all to redo, numbered by unit: lines of one government, fiscal
-- year, stage, kind, sector and instrument (a conflict never leaves one: `line_units.conflict_group`
-- is finer).
create or replace temp table _bw_conflict_lines as
select
    line_id,
    true as redo,
    dense_rank() over (
        order by government, fiscal_year, stage, kind, sector, instrument
    ) as unit
from core.budget_lines;
