-- The stored lines that change (`_bw_replaced`, `_bw_old_lines`).
select o.line_id
from _bw_old_lines as o
inner join _bw_replaced as r on o.line_id = r.line_id;
