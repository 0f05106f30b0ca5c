-- Budget facts of a known kind.
select count(*) as n_budget_facts
from core.budget_facts
where kind <> 'other';
