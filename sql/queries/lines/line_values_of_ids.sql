-- Key, best value and size of the lines listed in `_bw_ids` (`line_units.LineValue`, then n_facts).
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
inner join _bw_ids as i on l.line_id = i.line_id;
