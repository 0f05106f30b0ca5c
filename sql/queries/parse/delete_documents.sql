-- Forget the parsed documents whose ids are in the list parameter.
delete from staging.documents
where list_contains($1, document_id);
