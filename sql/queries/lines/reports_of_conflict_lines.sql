-- The reports of the lines of the batches numbered between the two parameters
-- (`_bw_conflict_lines`), best first: `reconcile.FactRow` columns, then the line's id, key and
-- recipient.
select r.* exclude (r.report_rank)  -- noqa: AM04
from _bw_conflict_lines as t
inner join bw_line_reports as r on t.line_id = r.line_id
where t.unit between $1 and $2
order by t.unit, r.line_id, r.report_rank;
