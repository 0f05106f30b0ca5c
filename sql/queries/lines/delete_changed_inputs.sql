-- Forget the stored rows of the facts added or removed since the last update.
delete from core.line_inputs
where fact_id in (select c.fact_id from _bw_changed as c);
