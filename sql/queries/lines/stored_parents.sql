-- The stored parent of every line that has one.
select
    line_id,
    parent_line_id
from core.budget_lines
where parent_line_id is not null;
