-- The sectors and kinds of `_bw_link` (facts of different ones never interact), largest first.
select
    sector,
    kind
from _bw_link
group by sector, kind
order by count(*) desc, sector, kind asc;
