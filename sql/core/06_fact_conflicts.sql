-- One row per budget line that loses a conflict (side b): two lines about one item whose values
-- disagree beyond rounding. Side a is the line b is an alternative to: the most authoritative of the
-- lines b loses to (for a revision the later value, for a disagreement ministry first, then more
-- sources, then the more precise figure).
create table if not exists core.fact_conflicts (
    line_id_a varchar not null,
    line_id_b varchar not null,
    relation varchar not null,
    government varchar,
    agency varchar,
    fiscal_year integer,
    stage varchar not null,
    kind varchar not null,
    sector varchar not null,
    instrument varchar not null,
    recipient varchar,
    currency_a varchar not null,
    amount_a decimal(38, 0) not null,
    currency_b varchar not null,
    amount_b decimal(38, 0) not null,
    amount_jpy_a decimal(38, 0),
    amount_jpy_b decimal(38, 0),
    difference_pct decimal(12, 2),
    sources_a varchar not null,
    sources_b varchar not null,
    as_written_a varchar not null,
    as_written_b varchar not null,
    first_reported_a date,
    last_reported_a date,
    first_reported_b date,
    last_reported_b date,
    primary key (line_id_b)
);
