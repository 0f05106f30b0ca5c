-- Open conflicts: budget lines about one item whose amounts disagree beyond rounding between
-- sources (core.fact_conflicts: one row per line left out, against the line preferred to it). A
-- warning, not an error: both figures stay in the warehouse and an analyst decides which is right.
-- Returns the conflicts; empty = none open.
with final as (
    select
        line_id_a,
        line_id_b,
        relation,
        government,
        agency,
        fiscal_year,
        stage,
        kind,
        sector,
        recipient,
        currency_a,
        amount_a,
        sources_a,
        as_written_a,
        currency_b,
        amount_b,
        sources_b,
        as_written_b,
        difference_pct
    from core.fact_conflicts
)

select * from final
order by government, fiscal_year, line_id_a, line_id_b
