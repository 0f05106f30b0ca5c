-- The lines of the batches numbered between the two parameters (`_bw_conflict_lines`).
select line_id
from _bw_conflict_lines
where unit between $1 and $2;
