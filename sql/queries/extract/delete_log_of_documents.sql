-- Forget what the stage `$1` logged for the documents whose ids are in the list parameter `$2`.
delete from staging.extraction_log
where stage = $1 and list_contains($2, document_id);
