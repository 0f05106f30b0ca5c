-- Forget the conflicts lost by the lines listed in `_bw_ids` (one each at most).
delete from core.fact_conflicts
where line_id_b in (select i.line_id from _bw_ids as i);
