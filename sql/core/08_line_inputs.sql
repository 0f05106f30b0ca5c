-- The facts the last budget-lines update read, with what the next update needs to redo only the
-- blocks whose facts changed: the hash of each fact as read, its block and the fact it is nested in.
create table if not exists core.line_inputs (
    fact_id varchar primary key,
    document varchar not null,
    input_hash ubigint not null,
    kind varchar not null,
    sector varchar not null,
    government varchar,
    fiscal_year integer,
    in_lines boolean not null,
    nested_in varchar
);
