-- Open conflicts between budget lines: one per line left out as an alternative to another.
select count(*) as n_open_conflicts
from core.fact_conflicts;
