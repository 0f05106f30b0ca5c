-- The lines that are an alternative to a line listed in `_bw_ids` (their stored winner changed or is gone).
select l.line_id
from core.budget_lines as l
inner join _bw_ids as i on l.alternative_to = i.line_id;
