-- `_bw_redo_unit_lines`: every line of the units (government, fiscal year, stage, kind, sector and
-- instrument) of the lines listed in `_bw_ids`, with the columns that name its unit and recipient.
create or replace temp table _bw_redo_unit_lines as
with redo_units as (
    select distinct
        l.government,
        l.fiscal_year,
        l.stage,
        l.kind,
        l.sector,
        l.instrument
    from core.budget_lines as l
    inner join _bw_ids as i on l.line_id = i.line_id
)

select
    l.line_id,
    l.recipient,
    l.government,
    l.fiscal_year,
    l.stage,
    l.kind,
    l.sector,
    l.instrument
from core.budget_lines as l
inner join redo_units as u
    on
        l.sector = u.sector
        and l.kind = u.kind
        and l.stage = u.stage
        and l.instrument = u.instrument
        and l.government is not distinct from u.government
        and l.fiscal_year is not distinct from u.fiscal_year;
