-- Budget lines.
select count(*) as n_budget_lines
from core.budget_lines;
