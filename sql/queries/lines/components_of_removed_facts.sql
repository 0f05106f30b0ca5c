-- The components of the facts removed since the last update (a changed fact's old row included).
select distinct component
from _bw_changed
where not added and in_lines;
