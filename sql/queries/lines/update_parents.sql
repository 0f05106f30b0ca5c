-- Store the parents in `_bw_parents` (null: none).
update core.budget_lines as l
set parent_line_id = p.parent_line_id
from _bw_parents as p
where l.line_id = p.line_id;
