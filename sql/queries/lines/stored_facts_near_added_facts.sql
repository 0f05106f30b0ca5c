-- Stored facts that an added fact may be linked to (`line_units.facts_link`): the same sector and
-- kind, keys that can combine (the stage aside for the money kinds in the first parameter), and
-- amounts that can be the same figure: in one currency within the larger rounding unit (the unit of
-- the last non-zero digit, at most a tenth of the leading one); across currencies, yen amounts within
-- the FX tolerance (second parameter) plus the larger relative precision, or any when a yen amount
-- or precision cannot bound it. Compared in floating point with a little slack: a superset, which
-- the caller checks exactly with `same_figure`.
with inputs as (
    -- the added facts and the stored ones, in the layout of `_bw_changed` (see create_changed_inputs)
    select c.* from _bw_changed as c
    where c.added and c.in_lines
    union all by name
    select
        o.* exclude (o.nested_in),  -- noqa: AM04
        false as added
    from core.line_inputs as o
    where o.in_lines
),

sized as (
    -- `unit_exp`: the exponent of the rounding unit of `amount`
    select
        i.*,
        greatest(
            0,
            least(
                length(i.amount::varchar) - length(rtrim(i.amount::varchar, '0')),
                length(i.amount::varchar) - 2
            )
        ) as unit_exp
    from inputs as i
)

select distinct
    s.component,
    a.currency,
    a.amount,
    a.amount_jpy,
    s.currency as stored_currency,
    s.amount as stored_amount,
    s.amount_jpy as stored_amount_jpy
from sized as a
inner join sized as s on a.sector = s.sector and a.kind = s.kind
where
    a.added
    and not s.added
    and (a.government = s.government or a.government is null or s.government is null)
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
