-- The distinct governments, agencies and recipients that the facts of the listed kinds name.
select distinct
    'government' as name_role,
    government as written
from bw_line_facts
where list_contains($1, kind) and government is not null
union
select distinct
    'agency' as name_role,
    agency as written
from bw_line_facts
where list_contains($1, kind) and agency is not null
union
select distinct
    'recipient' as name_role,
    recipient as written
from bw_line_facts
where list_contains($1, kind) and recipient is not null;
