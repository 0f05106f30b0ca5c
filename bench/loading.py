"""Loading: facts written per second through the pipeline's write path against DuckDB's own bulk load.

The same rows (shaped like `core.budget_facts`, built from the real extractor's output on generated
documents, replicated to --rows) are written into a fresh warehouse (the real DDL) two ways, in
batches of --batch rows, each batch in a transaction like the pipeline's:

- pipeline: `pipelines.lib.steps.tables.insert_rows` (values as text, cast in SQL);
- DuckDB bulk: `insert into core.budget_facts select * from <pyarrow table>` with native Arrow types
  (decimal128(38, 0) money, date32, int32), the practical limit. pyarrow is a benchmark-only
  dependency (see README); without it a pandas DataFrame with native dtypes stands in, and the
  output says so.

Run: .venv/bin/python bench/loading.py [--rows 200000] [--batch 3000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from common import pin_to_one_core, use_extra_site, write_results
from generate import document

from pipelines.lib import warehouse
from pipelines.lib.documents import parse_document
from pipelines.lib.extract import extract_facts
from pipelines.lib.markdown import text_table
from pipelines.lib.normalise import normalise_facts
from pipelines.lib.steps.extract import FACT_CASTS, FACT_COLUMNS, fact_row
from pipelines.lib.steps.tables import insert_rows


def fact_rows(n: int) -> list[tuple]:
    """`n` rows in FACT_COLUMNS order from real extractions of generated documents (fact ids made unique)."""
    base = []
    i = 0
    while len(base) < 2000:
        doc = document(i)
        parsed = parse_document(
            doc.body, content_type="text/html" if doc.name.endswith("html") else "text/plain"
        )
        facts = extract_facts(parsed.text, document=doc.name, title=parsed.title, published=parsed.published)
        normalise_facts(facts, parsed.published.year if parsed.published else None)
        base.extend(fact_row(f, doc.name, "generated", None, parsed.published, "bench") for f in facts)
        i += 1
    rows = []
    for k in range(n):
        r = base[k % len(base)]
        rows.append((f"{r[0]}-{k}", *r[1:]))
    return rows


_ARROW_TYPES = {
    "published": "date32",
    "start": "int32",
    "end": "int32",
    "amount": "money",
    "amount_max": "money",
    "amount_jpy": "money",
    "amount_usd": "money",
    "percent": "decimal12",
    "fiscal_year": "int32",
    "confidence": "decimal4",
}


def to_arrow(rows: list[tuple]):
    import pyarrow as pa

    types = {
        "date32": pa.date32(),
        "int32": pa.int32(),
        "money": pa.decimal128(38, 0),
        "decimal12": pa.decimal128(12, 2),
        "decimal4": pa.decimal128(4, 3),
    }
    columns = list(zip(*rows, strict=True))
    arrays = []
    for name, values in zip(FACT_COLUMNS, columns, strict=True):
        kind = _ARROW_TYPES.get(name)
        if kind in ("money", "decimal12", "decimal4"):
            scale = {"money": 0, "decimal12": 2, "decimal4": 3}[kind]
            q = Decimal(1).scaleb(-scale)
            values = [None if v is None else Decimal(str(v)).quantize(q) for v in values]
        arrays.append(pa.array(values, type=types[kind] if kind else pa.string()))
    return pa.Table.from_arrays(arrays, names=FACT_COLUMNS)


def to_pandas(rows: list[tuple]):
    import pandas as pd

    frame = pd.DataFrame(rows, columns=FACT_COLUMNS)
    for name in ("start", "end", "fiscal_year"):
        frame[name] = frame[name].astype("Int32")
    frame["published"] = pd.to_datetime(frame["published"])
    return frame


def fresh(path: Path):
    import duckdb

    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path), config={"python_enable_replacements": False})
    warehouse.ensure_schema(con)
    return con


def load_pipeline(con, rows, batch) -> float:
    started = time.perf_counter()
    for k in range(0, len(rows), batch):
        with warehouse.transaction(con):
            insert_rows(con, "core.budget_facts", FACT_COLUMNS, rows[k : k + batch], FACT_CASTS)
    return time.perf_counter() - started


def load_bulk(con, rows, batch, convert) -> tuple[float, float]:
    """Seconds spent inside DuckDB, and seconds converting Python rows to the native frame."""
    cols = ", ".join(f'"{c}"' for c in FACT_COLUMNS)
    load_s = convert_s = 0.0
    for k in range(0, len(rows), batch):
        t = time.perf_counter()
        frame = convert(rows[k : k + batch])
        convert_s += time.perf_counter() - t
        t = time.perf_counter()
        with warehouse.transaction(con):
            con.register("_bulk", frame)
            con.execute(f"insert into core.budget_facts ({cols}) select {cols} from _bulk")
            con.unregister("_bulk")
        load_s += time.perf_counter() - t
    return load_s, convert_s


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument(
        "--batch", type=int, default=3000, help="rows per transaction (the pipeline writes ~3,000)"
    )
    args = ap.parse_args()
    use_extra_site()
    cpu = pin_to_one_core()
    try:
        import pyarrow  # noqa: F401

        bulk_name, convert = "duckdb bulk from Arrow", to_arrow
    except ImportError:
        bulk_name, convert = "duckdb bulk from pandas (no pyarrow)", to_pandas
    rows = fact_rows(args.rows)
    work = Path(tempfile.mkdtemp(prefix="bw-load-"))
    con = fresh(work / "a.duckdb")
    pipeline_s = load_pipeline(con, rows, args.batch)
    n_a = con.execute("select count(*) from core.budget_facts").fetchall()[0][0]
    con.close()
    con = fresh(work / "b.duckdb")
    bulk_s, convert_s = load_bulk(con, rows, args.batch, convert)
    n_b = con.execute("select count(*) from core.budget_facts").fetchall()[0][0]
    same = con.execute(
        "select count(*) from (select * exclude (extractor_version) from core.budget_facts) as x"
    ).fetchall()[0][0]
    con.close()
    assert n_a == n_b == len(rows) == same, (n_a, n_b, same)
    table = [
        ("pipeline insert_rows", len(rows), f"{pipeline_s:.2f}", f"{len(rows) / pipeline_s:,.0f}"),
        (bulk_name, len(rows), f"{bulk_s:.2f}", f"{len(rows) / bulk_s:,.0f}"),
        (
            bulk_name + " incl. building the frame",
            len(rows),
            f"{bulk_s + convert_s:.2f}",
            f"{len(rows) / (bulk_s + convert_s):,.0f}",
        ),
    ]
    print(f"pinned to cpu {cpu}; batches of {args.batch} rows, each in a transaction")
    print(text_table(["write path", "rows", "seconds", "rows/s"], table))
    ratio = bulk_s / pipeline_s
    ratio_incl = (bulk_s + convert_s) / pipeline_s
    print(
        f"pipeline / bulk: {ratio:.0%} of DuckDB's load alone, {ratio_incl:.0%} of load + frame building "
        f"(target >= 50%: {'met' if ratio >= 0.5 else 'MISSED'})"
    )
    path = write_results(
        "loading",
        {
            "command": f"bench/loading.py --rows {args.rows} --batch {args.batch}",
            "rows": len(rows),
            "batch": args.batch,
            "bulk_method": bulk_name,
            "pipeline_s": pipeline_s,
            "bulk_load_s": bulk_s,
            "bulk_convert_s": convert_s,
            "pipeline_rows_per_s": len(rows) / pipeline_s,
            "bulk_rows_per_s": len(rows) / bulk_s,
            "ratio_vs_load": ratio,
            "ratio_vs_load_and_convert": ratio_incl,
            "date": date.today(),
        },
    )
    print(f"results: {path}")


if __name__ == "__main__":
    main()
