-- Store the lines each line in `_bw_alternatives` is an alternative to (null: none).
update core.budget_lines as l
set alternative_to = a.alternative_to
from _bw_alternatives as a
where l.line_id = a.line_id and l.alternative_to is distinct from a.alternative_to;
