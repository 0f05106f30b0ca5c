-- The current facts of the kinds in the last parameter of the documents numbered between the first
-- two (`_bw_docs`), by document (`reconcile.FactRow` columns).
select f.*  -- noqa: AM04
from bw_line_facts as f
inner join _bw_docs as d on f.document = d.document
where d.n between $1 and $2 and list_contains($3, f.kind)
order by f.document, f.fact_id;
