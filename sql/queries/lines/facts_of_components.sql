-- The facts of the components numbered between the two parameters (`_bw_fact_component`):
-- `reconcile.FactRow` columns, then the component's number; by component.
select
    f.*,  -- noqa: AM04
    fc.n
from _bw_fact_component as fc
inner join bw_line_facts as f on fc.fact_id = f.fact_id
where fc.n between $1 and $2
order by fc.n, f.fact_id;
