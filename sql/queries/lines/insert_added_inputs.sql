-- Store the rows of the added facts, with their new components (`_bw_fact_component`); nesting is
-- set per document afterwards.
insert into core.line_inputs by name
select
    c.* exclude (c.component, c.added),  -- noqa: AM04
    null as nested_in,
    fc.component
from _bw_changed as c
left join _bw_fact_component as fc on c.fact_id = fc.fact_id
where c.added;
