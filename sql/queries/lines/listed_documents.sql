-- The documents of `_bw_doc_list`.
select document
from _bw_doc_list;
