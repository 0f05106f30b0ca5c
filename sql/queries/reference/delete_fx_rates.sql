-- Forget every FX rate (the table is rewritten whole).
delete from core.fx_rates;
