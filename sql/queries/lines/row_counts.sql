-- Rows of each budget-lines table.
select
    (select count(*) from core.budget_lines) as n_lines,
    (select count(*) from core.budget_line_sources) as n_line_sources,
    (select count(*) from core.fact_conflicts) as n_conflicts,
    (select count(*) from core.stated_changes) as n_stated_changes;
