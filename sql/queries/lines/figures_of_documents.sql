-- The line reports of the documents numbered between the two parameters (`_bw_docs`), as
-- `line_rows.Figure`: where each sits and what its line (and the line's parent) is.
select
    ls.document,
    f.sentence,
    ls.fact_id,
    f.start,
    f."end",
    l.line_id,
    l.government,
    l.agency,
    l.fiscal_year,
    l.stage,
    l.sector,
    l.kind,
    p.kind as parent_kind
from core.budget_line_sources as ls
inner join _bw_docs as d on ls.document = d.document
inner join core.budget_lines as l on ls.line_id = l.line_id
inner join core.budget_facts as f on ls.fact_id = f.fact_id
left join core.budget_lines as p on l.parent_line_id = p.line_id
where d.n between $1 and $2;
