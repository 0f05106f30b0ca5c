"""The work behind each asset, as plain functions over a DuckDB connection (no Dagster here).

Each step reads what it needs from the warehouse, does its work, and writes inside a transaction,
so that a failure leaves the tables as they were. Assets in `pipelines/defs/` call these.
"""
