-- Forget the reports of the lines listed in `_bw_ids`.
delete from core.budget_line_sources
where line_id in (select i.line_id from _bw_ids as i);
