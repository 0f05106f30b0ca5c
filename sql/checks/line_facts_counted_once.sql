-- Facts that sit in more than one budget line: each reported figure must be counted in exactly one
-- line, or the totals built on lines count it twice.
-- Returns the offending facts with the lines they appear in; empty means the check passes.
with memberships as (
    select
        fact_id,
        count(*) as n_lines,
        string_agg(line_id, ', ' order by line_id) as line_ids
    from core.budget_line_sources
    group by fact_id
),

final as (
    select
        fact_id,
        n_lines,
        line_ids
    from memberships
    where n_lines > 1
)

select * from final
order by fact_id
