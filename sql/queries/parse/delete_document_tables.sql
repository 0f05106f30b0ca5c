-- Forget the tables of the documents whose ids are in the list parameter.
delete from staging.document_tables
where list_contains($1, document_id);
