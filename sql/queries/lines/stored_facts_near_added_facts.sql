-- Stored facts that an added fact may be linked to (`line_units.facts_link`): the same sector and
-- kind, keys that can combine (the stage aside for the money kinds in the first parameter), and
-- amounts that can be the same figure: in one currency within the larger rounding unit (the unit of
-- the last non-zero digit, at most a tenth of the leading one); across currencies, yen amounts within
-- the FX tolerance (second parameter) plus the larger relative precision, or any when a yen amount
-- or precision cannot bound it. Compared in floating point with a little slack: a superset, which
-- the caller checks exactly with `same_figure`.
with added as (
    select
        c.*,
        greatest(
            0,
            least(
                length(c.amount::varchar) - length(rtrim(c.amount::varchar, '0')),
                length(c.amount::varchar) - 2
            )
        ) as unit_exp
    from _bw_changed as c
    where c.added and c.in_lines
),

stored as (
    select
        o.*,
        greatest(
            0,
            least(
                length(o.amount::varchar) - length(rtrim(o.amount::varchar, '0')),
                length(o.amount::varchar) - 2
            )
        ) as unit_exp
    from core.line_inputs as o
    where o.in_lines
)

select distinct
    s.component,
    a.currency,
    a.amount,
    a.amount_jpy,
    s.currency as stored_currency,
    s.amount as stored_amount,
    s.amount_jpy as stored_amount_jpy
from added as a
inner join stored as s on a.sector = s.sector and a.kind = s.kind
where
    (a.government = s.government or a.government is null or s.government is null)
    and (a.fiscal_year = s.fiscal_year or a.fiscal_year is null or s.fiscal_year is null)
    and (a.agency = s.agency or a.agency is null or s.agency is null)
    and (a.recipient = s.recipient or a.recipient is null or s.recipient is null)
    and (a.instrument = s.instrument or 'unknown' in (a.instrument, s.instrument))
    and (list_contains($1, a.kind) or a.stage = s.stage or 'unknown' in (a.stage, s.stage))
    and (
        (
            a.currency = s.currency
            and abs(a.amount - s.amount)::double <= pow(10, greatest(a.unit_exp, s.unit_exp)) * 1.000001
        )
        or (
            a.currency != s.currency
            and a.amount_jpy != 0
            and s.amount_jpy != 0
            and (
                a.amount < 10
                or s.amount < 10
                or a.amount_jpy < 0
                or s.amount_jpy < 0
                or abs(a.amount_jpy - s.amount_jpy)::double <= (
                    $2 + greatest(pow(10, a.unit_exp) / a.amount, pow(10, s.unit_exp) / s.amount)
                ) * greatest(a.amount_jpy, s.amount_jpy)::double * 1.000001 + 1
            )
        )
    );
