-- `_bw_docs`: the documents of `_bw_doc_list` numbered 1, 2, ... in name order (for batches).
create or replace temp table _bw_docs as
select
    document,
    row_number() over (order by document) as n
from _bw_doc_list
group by document;
