-- What each source contributed and how its fetches went, the most productive first.
select
    source_id,
    kind,
    publisher_type,
    n_documents,
    n_budget_facts,
    n_lines,
    n_fetch_errors,
    last_success_at,
    last_error
from marts.source_coverage
order by n_budget_facts desc, source_id asc;
