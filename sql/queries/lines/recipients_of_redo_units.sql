-- The recipients named by the lines of the units (government, fiscal year, stage, kind, sector and
-- instrument) of the lines listed in `_bw_ids`.
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

select distinct l.recipient
from core.budget_lines as l
inner join redo_units as u
    on
        l.sector = u.sector
        and l.kind = u.kind
        and l.stage = u.stage
        and l.instrument = u.instrument
        and l.government is not distinct from u.government
        and l.fiscal_year is not distinct from u.fiscal_year
where l.recipient is not null;
