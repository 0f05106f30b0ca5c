-- The alias table that ships with the product: canonical recipients, agencies and governments.
create table if not exists core.entities (
    canonical varchar not null,
    entity_type varchar not null,
    alias varchar not null,
    primary key (entity_type, alias)
);
