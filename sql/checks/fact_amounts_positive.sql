-- Facts with an amount that is zero or negative (amount, upper bound of a range), a
-- negative normalised amount (a tiny amount may round to 0 in another currency), or a range
-- whose upper bound is below its lower bound. Amounts are DECIMAL, so they are finite by
-- construction. A change written with a ▲/△/▼ mark (a fall, in Japanese
-- accounts) may carry a negative amount. Returns the offending facts; empty means the check passes.
with marked_falls as (
    select
        fact_id,
        kind = 'change' and regexp_matches(as_written, '[▲△▼]') as is_marked_fall
    from core.budget_facts
),

final as (
    select
        f.fact_id,
        f.document,
        f.kind,
        f.as_written,
        f.amount,
        f.amount_max,
        f.amount_jpy,
        f.amount_usd
    from core.budget_facts as f
    inner join marked_falls as m on f.fact_id = m.fact_id
    where
        not m.is_marked_fall
        and (
            f.amount <= 0
            or f.amount_max <= 0
            or f.amount_jpy < 0
            or f.amount_usd < 0
            or f.amount_max < f.amount
        )
)

select * from final
order by document, fact_id
