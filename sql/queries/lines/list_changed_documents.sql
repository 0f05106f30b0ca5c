-- `_bw_doc_list`: the documents with an added or removed fact.
create or replace temp table _bw_doc_list as
select distinct document
from _bw_changed;
