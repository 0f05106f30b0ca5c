-- Forget the stated changes of the documents in `_bw_docs`.
delete from core.stated_changes
where document in (select d.document from _bw_docs as d);
