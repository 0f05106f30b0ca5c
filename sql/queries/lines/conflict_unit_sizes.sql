-- The units of `_bw_conflict_lines` in order, each with the number of reports of its lines.
select
    t.unit,
    sum(l.n_facts)::integer as n_facts
from _bw_conflict_lines as t
inner join core.budget_lines as l on t.line_id = l.line_id
group by t.unit
order by t.unit;
