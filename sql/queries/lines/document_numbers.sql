-- The numbers of `_bw_docs`, in order.
select n
from _bw_docs
order by n;
