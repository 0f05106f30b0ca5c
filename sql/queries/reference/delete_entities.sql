-- Forget every alias (the table is rewritten whole).
delete from core.entities;
