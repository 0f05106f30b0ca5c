-- The 15 largest top-level budget lines (in US dollars) of the allocation, bond and total-budget kinds
-- that are no alternative reading of another line.
select
    government,
    agency,
    fiscal_year,
    stage,
    kind,
    sector,
    recipient,
    best_as_written as as_written,
    amount_jpy,
    amount_usd,
    n_sources
from core.budget_lines
where
    kind in ('allocation', 'bond', 'total_budget')
    and parent_line_id is null
    and alternative_to is null
order by amount_usd desc nulls last, line_id asc
limit 15;
