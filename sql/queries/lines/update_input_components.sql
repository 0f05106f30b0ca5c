-- Store the redone components of unchanged facts.
update core.line_inputs as li
set component = fc.component
from _bw_fact_component as fc
where li.fact_id = fc.fact_id and li.component is distinct from fc.component;
