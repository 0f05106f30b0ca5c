-- Open conflicts between budget lines.
select count(*) as n_open_conflicts
from core.fact_conflicts;
