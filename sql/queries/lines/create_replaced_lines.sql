-- `_bw_replaced`: the lines that change when the touched components are reconciled again: a stored
-- line (`_bw_old_lines`) and a reconciled one (`_bw_new_lines`, `_bw_new_sources`) of one id whose
-- rows (parent and alternative aside: they are redone after) or reports differ, a stored line that is
-- gone and a reconciled line that is new. The others keep their stored rows.
create or replace temp table _bw_replaced as
with old_lines as (
    select l.*  -- noqa: AM04
    from core.budget_lines as l
    inner join _bw_old_lines as o on l.line_id = o.line_id
),

old_sources as (
    select s.*  -- noqa: AM04
    from core.budget_line_sources as s
    inner join _bw_old_lines as o on s.line_id = o.line_id
),

old_rows as (
    select * exclude (parent_line_id, alternative_to)  -- noqa: AM04
    from old_lines
),

new_rows as (
    select * exclude (parent_line_id, alternative_to)  -- noqa: AM04
    from _bw_new_lines
),

rows_only_old as (
    select * from old_rows  -- noqa: AM04
    except
    select * from new_rows  -- noqa: AM04
),

rows_only_new as (
    select * from new_rows  -- noqa: AM04
    except
    select * from old_rows  -- noqa: AM04
),

sources_only_old as (
    select * from old_sources  -- noqa: AM04
    except
    select * from _bw_new_sources  -- noqa: AM04
),

sources_only_new as (
    select * from _bw_new_sources  -- noqa: AM04
    except
    select * from old_sources  -- noqa: AM04
)

select line_id from rows_only_old
union
select line_id from rows_only_new
union
select line_id from sources_only_old
union
select line_id from sources_only_new;
