-- Store the fact each fact of the documents numbered between the two parameters is nested in
-- (`_bw_nested`, null when none).
update core.line_inputs as li
set nested_in = n.nested_in
from (
    select
        c.fact_id,
        x.nested_in
    from _bw_current as c
    inner join _bw_docs as d on c.document = d.document
    left join _bw_nested as x on c.fact_id = x.fact_id
    where d.n between $1 and $2
) as n
where li.fact_id = n.fact_id and li.nested_in is distinct from n.nested_in;
