-- Forget the lines listed in `_bw_ids`.
delete from core.budget_lines
where line_id in (select i.line_id from _bw_ids as i);
