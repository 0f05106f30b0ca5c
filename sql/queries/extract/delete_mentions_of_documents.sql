-- Forget the figure mentions of the documents whose ids are in the list parameter.
delete from staging.figure_mentions
where list_contains($1, document_id);
