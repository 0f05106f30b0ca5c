-- Tranches of marts.investment_tracking that would count money twice or from nowhere: a line that
-- appears in more than one row, a line nested in another line (its money is already in the
-- parent), or a line that no longer exists in core.budget_lines.
-- Returns the offending tranche rows; empty means the check passes.
with tranche_counts as (
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
        l.parent_line_id,
        l.line_id is null as line_missing
    from marts.investment_tracking as t
    inner join tranche_counts as c on t.line_id = c.line_id
    left join core.budget_lines as l on t.line_id = l.line_id
    where c.n_rows > 1 or l.parent_line_id is not null or l.line_id is null
)

select * from final
order by recipient, instrument, fiscal_year, line_id
