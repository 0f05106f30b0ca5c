-- Store the reconciled lines that change (`_bw_new_lines`, `_bw_replaced`).
insert into core.budget_lines by name
select n.*  -- noqa: AM04
from _bw_new_lines as n
inner join _bw_replaced as r on n.line_id = r.line_id;
