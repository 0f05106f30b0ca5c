-- Store the reports of the reconciled lines that change (`_bw_new_sources`, `_bw_replaced`).
insert into core.budget_line_sources by name
select n.*  -- noqa: AM04
from _bw_new_sources as n
inner join _bw_replaced as r on n.line_id = r.line_id;
