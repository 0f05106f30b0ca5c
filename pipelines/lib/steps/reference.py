"""Reference tables shipped with the product: FX rates (`core.fx_rates`), aliases (`core.entities`).

Both are rewritten whole from their files in one transaction, so the warehouse always holds exactly
the rates and aliases that the facts and lines were normalised with.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import duckdb

from pipelines.lib.normalise import FX_FILE, FxRate, load_fx_rates
from pipelines.lib.reconcile import Aliases
from pipelines.lib.sql_files import query
from pipelines.lib.steps.tables import insert_rows
from pipelines.lib.warehouse import transaction

ENTITIES_FILE = Path(__file__).resolve().parents[2] / "data" / "entities.csv"
ENTITY_COLUMNS = ["canonical", "entity_type", "country", "sector", "alias"]


def read_entity_rows(path: Path = ENTITIES_FILE) -> list[tuple[str, str, str | None, str | None, str]]:
    """One (canonical, type, country, sector, alias) row per alias of the alias table.

    The canonical name is always one of its own aliases; an alias repeated for one type keeps its
    first entity (the table is read top to bottom).
    """
    rows: dict[tuple[str, str], tuple] = {}
    if not path.exists():
        return []
    with open(path, encoding="utf-8", newline="") as fh:
        for record in csv.DictReader(fh):
            canonical = record["canonical"].strip()
            entity_type = record["type"].strip()
            country = (record.get("country") or "").strip() or None
            sector = (record.get("sector") or "").strip() or None
            aliases = [a.strip() for a in (record.get("aliases") or "").split("|") if a.strip()]
            for alias in [canonical, *aliases]:
                rows.setdefault((entity_type, alias), (canonical, entity_type, country, sector, alias))
    return list(rows.values())


def load_aliases(con: duckdb.DuckDBPyConnection | None = None) -> Aliases:
    """Aliases from `core.entities` when loaded, else straight from the bundled file."""
    if con is not None:
        rows = con.execute(query("reference/entity_aliases")).fetchall()
        if rows:
            return Aliases(rows)
    return Aliases((r[0], r[1], r[4]) for r in read_entity_rows())


def load_reference(
    con: duckdb.DuckDBPyConnection,
    fx_rates: dict[tuple[str, int], FxRate] | None = None,
    entities_path: Path = ENTITIES_FILE,
) -> dict[str, int]:
    """Rewrite core.fx_rates (bundled table, or `fx_rates` given) and core.entities, unless they hold
    these rows already (the digest of the last rewrite is fx_rates' comment); returns row counts."""
    rates = fx_rates if fx_rates is not None else load_fx_rates(FX_FILE)
    fx_rows = [(r.currency, r.year, r.per_usd, r.source) for _, r in sorted(rates.items())]
    entity_rows = read_entity_rows(entities_path)
    # the digest of what is written, kept as the table comment: equal means already loaded
    digest = "reference:" + hashlib.sha256(repr((fx_rows, entity_rows)).encode("utf-8")).hexdigest()
    stored = con.execute(query("reference/stored_digest")).fetchall()
    if stored and stored[0] == (digest, len(fx_rows), len(entity_rows)):
        return {"fx_rates": len(fx_rows), "entities": len(entity_rows)}
    with transaction(con):
        con.execute(query("reference/delete_fx_rates"))
        con.execute(query("reference/delete_entities"))
        insert_rows(
            con,
            "core.fx_rates",
            ["currency", "year", "per_usd", "source"],
            fx_rows,
            {"year": "integer", "per_usd": "decimal(18, 6)"},
        )
        insert_rows(con, "core.entities", ENTITY_COLUMNS, entity_rows)
        con.execute(f"comment on table core.fx_rates is '{digest}'")  # hex: nothing to escape
    return {"fx_rates": len(fx_rows), "entities": len(entity_rows)}
