-- The facts of `_bw_link` of one sector and kind (`line_units.LinkFact` columns).
select l.*  -- noqa: AM04
from _bw_link as l
where l.sector = $1 and l.kind = $2;
