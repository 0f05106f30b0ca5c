-- The documents reporting the lines listed in `_bw_ids`.
select distinct ls.document
from core.budget_line_sources as ls
inner join _bw_ids as i on ls.line_id = i.line_id;
