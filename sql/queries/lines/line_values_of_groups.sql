-- Key, best value and size of the lines whose key (recipient and agency aside) is in `_bw_groups`,
-- the lines of one such key together.
select v.*  -- noqa: AM04
from bw_line_values as v
inner join _bw_groups as g
    on
        v.sector = g.sector
        and v.kind = g.kind
        and v.stage = g.stage
        and v.instrument = g.instrument
        and v.government is not distinct from g.government
        and v.fiscal_year is not distinct from g.fiscal_year
order by v.government, v.fiscal_year, v.stage, v.kind, v.sector, v.instrument;
