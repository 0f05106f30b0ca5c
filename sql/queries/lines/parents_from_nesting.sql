-- Each line's parent line: of the lines holding a fact that one of its facts is nested in, the one
-- with the smallest best value (yen, else in its currency), then the smallest id. Loops are cut by
-- the caller.
with links as (
    select
        ls.line_id,
        pls.line_id as parent_id
    from core.budget_line_sources as ls
    inner join core.line_inputs as li on ls.fact_id = li.fact_id
    inner join core.budget_line_sources as pls on li.nested_in = pls.fact_id
    where pls.line_id != ls.line_id
),

ranked as (
    select
        k.line_id,
        k.parent_id,
        row_number() over (
            partition by k.line_id order by coalesce(nullif(p.amount_jpy, 0), p.amount), k.parent_id
        ) as n
    from links as k
    inner join core.budget_lines as p on k.parent_id = p.line_id
)

select
    line_id,
    parent_id
from ranked
where n = 1;
