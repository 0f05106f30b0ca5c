-- The facts of the kinds in the list parameter, by fact id (`reconcile.FactRow` columns).
select f.*  -- noqa: AM04
from bw_line_facts as f
where list_contains($1, f.kind)
order by f.fact_id;
