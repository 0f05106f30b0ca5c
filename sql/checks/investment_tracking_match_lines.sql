-- Recipients and instruments whose running total in marts.investment_tracking (its last, largest
-- computed_cumulative_jpy) or tranche count differs from the sum over the lines it aggregates:
-- allocation and bond lines with a recipient that are not nested in another line.
-- Returns the offending (recipient, instrument) pairs; empty means the check passes.
with mart as (
    select
        recipient,
        instrument,
        max(computed_cumulative_jpy) as cumulative_jpy,
        count(*) as n_tranches
    from marts.investment_tracking
    group by recipient, instrument
),

lines as (
    select
        recipient,
        instrument,
        sum(amount_jpy) as cumulative_jpy,
        count(*) as n_tranches
    from core.budget_lines
    where kind in ('allocation', 'bond') and recipient is not null and parent_line_id is null
    group by recipient, instrument
),

final as (
    select
        m.cumulative_jpy as mart_cumulative_jpy,
        l.cumulative_jpy as lines_cumulative_jpy,
        m.n_tranches as mart_n_tranches,
        l.n_tranches as lines_n_tranches,
        coalesce(m.recipient, l.recipient) as recipient,
        coalesce(m.instrument, l.instrument) as instrument
    from mart as m
    full outer join lines as l on m.recipient = l.recipient and m.instrument = l.instrument
    where
        m.cumulative_jpy is distinct from l.cumulative_jpy
        or m.n_tranches is distinct from l.n_tranches
)

select * from final
order by recipient, instrument
