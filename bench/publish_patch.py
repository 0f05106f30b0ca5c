"""Publishing the snapshot after small changes: a patched copy of the old snapshot against a full
COPY FROM DATABASE, on a copy of an existing warehouse (the original is never opened for writing).

Rounds of a synthetic change touching every table: round k moves the rows whose hash ends in k
(mod 100, about 1% of each table) out to a side file and puts back the rows round k - 1 moved
out, so about 2% of every table's rows change (the worst case for a per-table patch: no table is
left as it was). Each round publishes (`publish_if_changed`, patched when it can be) and reports
the time, whether it was patched, the snapshot's size and its free blocks. Then, on the same
warehouse, one full copy (the snapshot's record removed) for comparison, and the time of
`content_parts` alone (the fingerprint scan every publish does first, changed or not).

Run: .venv/bin/python bench/publish_patch.py WAREHOUSE.duckdb [--rounds 10] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import duckdb
from common import write_results

from pipelines.lib import snapshot_patch, warehouse
from pipelines.lib.markdown import text_table
from pipelines.lib.sql_files import quote_identifier


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute("select schema_name, table_name from duckdb_tables() where database_name = 'w'")
    return [f"{quote_identifier(s)}.{quote_identifier(t)}" for s, t in rows.fetchall()]


def change_round(wh: Path, hold: Path, k: int) -> int:
    """Move rows with hash % 100 == k out of every table into `hold`, put back those of k - 1;
    returns the rows moved in and out."""
    moved = 0
    with warehouse.connect(wh) as con:
        con.execute(f"attach '{hold.as_posix()}' as hold")
        for n, table in enumerate(_tables(con)):
            out, back = f"hold.main.t{n}_{k}", f"hold.main.t{n}_{k - 1}"
            con.execute(f"create table {out} as select * from {table} as r where hash(r) % 100 = {k}")
            if k > 0:
                con.execute(f"insert into {table} select * from {back}")
                moved += con.execute(f"select count(*) from {back}").fetchone()[0]
            with warehouse.transaction(con):
                con.execute(f"delete from {table} as r where hash(r) % 100 = {k}")
            moved += con.execute(f"select count(*) from {out}").fetchone()[0]
        con.execute("detach hold")
        warehouse.checkpoint(con)
    return moved


def snapshot_blocks(wh: Path) -> tuple[int, int]:
    with warehouse.connect(warehouse.snapshot_path(wh), read_only=True) as con:
        return con.execute("select total_blocks, free_blocks from pragma_database_size()").fetchone()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("warehouse", type=Path)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--workdir", type=Path)
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="publish_patch_"))
    work.mkdir(parents=True, exist_ok=True)
    wh, hold = work / "w.duckdb", work / "hold.duckdb"
    for leftover in work.glob("*.duckdb*"):
        leftover.unlink()
    shutil.copyfile(args.warehouse, wh)  # the original stays untouched
    rows = []

    def publish(label: str, moved: int) -> None:
        started = time.monotonic()
        outcome = warehouse.publish_if_changed(wh)
        seconds = time.monotonic() - started
        total, free = snapshot_blocks(wh)
        size = warehouse.snapshot_path(wh).stat().st_size / 1e6
        rows.append([label, moved, f"{seconds:.1f}", outcome.patched, f"{size:.0f}", total, free])
        print(*rows[-1], flush=True)

    publish("first (full)", 0)
    for k in range(args.rounds):
        publish(f"round {k + 1}", change_round(wh, hold, k))
    record = warehouse.snapshot_path(wh).with_name(warehouse.snapshot_path(wh).name + ".fingerprint")
    record.unlink()
    publish("full copy, same content", 0)
    with warehouse.connect(wh) as con:
        started = time.monotonic()
        snapshot_patch.content_parts(con)
        parts_s = time.monotonic() - started
    header = ["publish", "rows changed", "s", "patched", "snapshot MB", "blocks", "free blocks"]
    print(text_table(header, rows))
    print(f"content_parts alone (fingerprint scan of every table): {parts_s:.1f} s")
    write_results(
        "publish_patch", {"rows": rows, "content_parts_s": parts_s, "warehouse": str(args.warehouse)}
    )


if __name__ == "__main__":
    main()
