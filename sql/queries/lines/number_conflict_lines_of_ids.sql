-- `_bw_conflict_lines`: the lines listed in `_bw_ids` (`redo`) and every other line of their
-- conflict groups (`line_units.conflict_group`: keys equal but for the agency, the recipient folded
-- by `reconcile.name_key` as listed in `_bw_recipient_keys`), numbered by unit: lines of one
-- government, fiscal year, stage, kind, sector and instrument (a group never leaves one), read from
-- `_bw_redo_unit_lines`.
create or replace temp table _bw_conflict_lines as
with unit_lines as (
    select
        l.line_id,
        l.line_id in (select i.line_id from _bw_ids as i) as redo,
        dense_rank() over (
            order by l.government, l.fiscal_year, l.stage, l.kind, l.sector, l.instrument
        ) as unit,
        k.recipient_key
    from _bw_redo_unit_lines as l
    left join _bw_recipient_keys as k on l.recipient = k.recipient
),

grouped as (
    select
        line_id,
        redo,
        unit,
        bool_or(redo) over (partition by unit, recipient_key) as group_redo
    from unit_lines
)

select
    line_id,
    redo,
    unit
from grouped
where group_redo;
