-- The stored conflicts lost by the lines of the batches numbered between the two parameters
-- (`_bw_conflict_lines`): the losing line, then the line it loses to.
select
    c.line_id_b,
    c.line_id_a
from core.fact_conflicts as c
inner join _bw_conflict_lines as t on c.line_id_b = t.line_id
where t.unit between $1 and $2;
