-- The stored winner (`alternative_to`) of each line of the units numbered between the two parameters
-- (`_bw_conflict_lines`) that has one.
select
    l.line_id,
    l.alternative_to
from _bw_conflict_lines as t
inner join core.budget_lines as l on t.line_id = l.line_id
where t.unit between $1 and $2 and l.alternative_to is not null;
