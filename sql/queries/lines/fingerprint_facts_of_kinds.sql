-- How many facts of the listed kinds there are, and an order-independent hash of them as read.
select
    count(*) as n_facts,
    coalesce(sum(hash(r)), 0)::hugeint as content_hash
from bw_line_facts as r
where list_contains($1, r.kind);
