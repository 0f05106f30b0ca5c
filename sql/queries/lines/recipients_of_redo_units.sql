-- The recipients named by the lines of `_bw_redo_unit_lines` (the units of the lines to redo).
select distinct l.recipient
from _bw_redo_unit_lines as l
where l.recipient is not null;
