-- `_bw_current`: every fact of the listed kinds as the update reads it, with its hash and the key
-- fields that decide which facts can interact (names made canonical through `_bw_names`).
create or replace temp table _bw_current as
select
    r.fact_id,
    r.document,
    -- the hash of the whole row as read
    hash(r) as input_hash,  -- noqa: RF02
    r.kind,
    r.sector,
    g.canonical as government,
    r.fiscal_year,
    a.canonical as agency,
    coalesce(nullif(r.stage, ''), 'unknown') as stage,
    coalesce(nullif(r.instrument, ''), 'unknown') as instrument,
    p.canonical as recipient,
    r.currency,
    r.amount,
    r.amount_jpy,
    (r.kind != 'change' and r.amount > 0 and r.currency is not null) as in_lines
from bw_line_facts as r
left join _bw_names as g on g.name_role = 'government' and r.government = g.written
left join _bw_names as a on a.name_role = 'agency' and r.agency = a.written
left join _bw_names as p on p.name_role = 'recipient' and r.recipient = p.written
where list_contains($1, r.kind);
