-- Key, best value and size of the lines listed in `_bw_ids` (`line_units.LineValue`, then n_facts).
select v.*  -- noqa: AM04
from bw_line_values as v
inner join _bw_ids as i on v.line_id = i.line_id;
