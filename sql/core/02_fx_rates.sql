-- Reference FX rates: annual average units of currency per 1 US dollar, with the source named.
create table if not exists core.fx_rates (
    currency varchar not null,
    year integer not null,
    per_usd decimal(18, 6) not null,
    source varchar not null,
    primary key (currency, year)
);
