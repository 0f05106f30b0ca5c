-- Recipients and instruments whose totals in marts.investment_tracking differ from the lines they
-- aggregate: computed_total_jpy must equal the sum of amount_jpy in core.budget_lines over the
-- tranches counted in the cumulative, and the running total must end at that sum.
-- Returns the offending (recipient, instrument) pairs; empty means the check passes.
with tranche_rows as (
    select
        t.recipient,
        t.instrument,
        t.counted_in_cumulative,
        t.computed_cumulative_jpy,
        t.computed_total_jpy,
        l.amount_jpy as line_amount_jpy
    from marts.investment_tracking as t
    left join core.budget_lines as l on t.line_id = l.line_id
    where t.fiscal_year is not null or t.stage is not null
),

per_instrument as (
    select
        recipient,
        instrument,
        max(computed_total_jpy) as mart_total_jpy,
        min(computed_total_jpy) as mart_total_jpy_min,
        max(computed_cumulative_jpy) as mart_running_end_jpy,
        coalesce(sum(line_amount_jpy) filter (where counted_in_cumulative), 0) as lines_total_jpy
    from tranche_rows
    group by recipient, instrument
),

final as (
    select
        recipient,
        instrument,
        mart_total_jpy,
        mart_running_end_jpy,
        lines_total_jpy
    from per_instrument
    where
        mart_total_jpy is distinct from lines_total_jpy
        or mart_total_jpy_min is distinct from mart_total_jpy
        or mart_running_end_jpy is distinct from lines_total_jpy
)

select * from final
order by recipient, instrument
