-- Tranches of marts.investment_tracking that would count money twice or from nowhere: a line in
-- more than one row; a tranche counted in the cumulative although its line is superseded by a later
-- report or nested inside another line of the same recipient (its money is already counted there);
-- a row whose line no longer exists in core.budget_lines.
-- Returns the offending rows; empty means the check passes.
with row_counts as (
    select
        line_id,
        count(*) as n_rows
    from marts.investment_tracking
    group by line_id
),

final as (
    select
        t.recipient,
        t.instrument,
        t.fiscal_year,
        t.stage,
        t.line_id,
        c.n_rows,
        t.counted_in_cumulative,
        l.superseded_by,
        l.parent_line_id,
        l.line_id is null as line_missing
    from marts.investment_tracking as t
    inner join row_counts as c on t.line_id = c.line_id
    left join core.budget_lines as l on t.line_id = l.line_id
    left join core.budget_lines as p on l.parent_line_id = p.line_id
    where
        c.n_rows > 1
        or l.line_id is null
        or (
            t.counted_in_cumulative
            and (l.superseded_by is not null or p.recipient is not distinct from l.recipient and p.line_id is not null)
        )
)

select * from final
order by recipient, instrument, fiscal_year, line_id
