-- The reconciled lines that change (`_bw_new_lines`, `_bw_replaced`).
select n.line_id
from _bw_new_lines as n
inner join _bw_replaced as r on n.line_id = r.line_id;
