-- Forget the budget facts of the documents whose ids are in the list parameter.
delete from core.budget_facts
where list_contains($1, document);
