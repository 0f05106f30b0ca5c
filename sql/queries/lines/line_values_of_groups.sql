-- Key, best value and size of the lines whose key (recipient and agency aside) is in `_bw_groups`.
select
    l.line_id,
    l.government,
    l.agency,
    l.fiscal_year,
    l.stage,
    l.kind,
    l.sector,
    l.instrument,
    l.recipient,
    l.currency,
    l.amount::hugeint as amount,
    l.amount_jpy::hugeint as amount_jpy,
    l.n_facts
from core.budget_lines as l
inner join _bw_groups as g
    on
        l.sector = g.sector
        and l.kind = g.kind
        and l.stage = g.stage
        and l.instrument = g.instrument
        and l.government is not distinct from g.government
        and l.fiscal_year is not distinct from g.fiscal_year;
