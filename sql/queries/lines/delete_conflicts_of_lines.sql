-- Forget the conflicts of the lines listed in `_bw_ids`.
delete from core.fact_conflicts
where
    line_id_a in (select i.line_id from _bw_ids as i)
    or line_id_b in (select i.line_id from _bw_ids as i);
