-- Facts whose fiscal year is outside the plausible range 1990..2040 (a misread number, a date
-- taken for a year). A null fiscal year is allowed: many figures name none.
-- Returns the offending facts; empty means the check passes.
with final as (
    select
        fact_id,
        document,
        as_written,
        fiscal_year,
        fiscal_year_basis,
        sentence
    from core.budget_facts
    where fiscal_year is not null and fiscal_year not between 1990 and 2040
)

select * from final
order by document, fact_id
