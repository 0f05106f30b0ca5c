-- The facts the budget-lines step reads (as `reconcile.FactRow` columns, in that order): only the
-- current version of each URL (a page that changed keeps its old facts, uncounted), with the
-- publisher type of their source. A temporary view of the connection; the queries that read it take
-- all its columns (`f.*`), so its column order is theirs.
create or replace temp view bw_line_facts as
select
    f.fact_id,
    f.document,
    f.source_id,
    f.url,
    s.publisher_type,
    f.published,
    f.as_written,
    f.sentence,
    f.amount::hugeint as amount,
    f.currency,
    f.amount_jpy::hugeint as amount_jpy,
    f.amount_usd::hugeint as amount_usd,
    f.kind,
    f.sector,
    f.stage,
    f.instrument,
    f.recipient,
    f.government,
    f.agency,
    f.fiscal_year,
    f.qualifier,
    f.start,
    f."end",
    f.confidence,
    f.percent
from core.budget_facts as f
left join raw.sources as s on f.source_id = s.source_id
where f.document in (
    select u.content_hash from raw.source_urls as u
    where u.content_hash is not null
);
