-- The lines to redo (`redo`) of the units numbered between the two parameters (`_bw_conflict_lines`).
select line_id
from _bw_conflict_lines
where unit between $1 and $2 and redo;
