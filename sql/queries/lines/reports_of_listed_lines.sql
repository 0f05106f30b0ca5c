-- The reports of the lines listed in `_bw_ids`, best first: `reconcile.FactRow` columns, then the
-- line's id, key and recipient.
select r.* exclude (r.report_rank)  -- noqa: AM04
from _bw_ids as i
inner join bw_line_reports as r on i.line_id = r.line_id
order by r.line_id, r.report_rank;
