"""The `budgetwatch` command: run the pipeline, extract facts from files, score extraction, query."""

from __future__ import annotations

import argparse
import json
import logging
import os
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from pipelines.lib import warehouse
from pipelines.lib.markdown import text_table

SUMMARY_TABLES = (
    "raw.documents",
    "raw.fetch_log",
    "staging.documents",
    "staging.document_tables",
    "staging.figure_mentions",
    "core.budget_facts",
    "core.budget_lines",
    "core.fact_conflicts",
    "marts.sector_totals",
    "marts.investment_tracking",
    "marts.budget_changes",
    "marts.source_coverage",
)


def dagster_home() -> Path:
    """`$DAGSTER_HOME`, or `warehouse/dagster_home` (created with a pool limit of one writer)."""
    home = Path(os.environ.get("DAGSTER_HOME") or warehouse.warehouse_path().parent / "dagster_home")
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(
            "# Written by budgetwatch: one warehouse writer at a time across runs.\n"
            "concurrency:\n  pools:\n    default_limit: 1\n"
            "# runs launched from the UI whose worker died are failed by the daemon\n"
            "run_monitoring:\n  enabled: true\n"
            "telemetry:\n  enabled: false\n",
            encoding="utf-8",
        )
    os.environ["DAGSTER_HOME"] = str(home.resolve())
    return home


class _ProgressHandler(logging.Handler):
    """Prints one line per step start, success and failure, and every warning, as the run goes."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.started: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        meta = getattr(record, "dagster_meta", None) or {}
        event = meta.get("dagster_event")
        step = meta.get("step_key") or ""
        if event is not None:
            kind = event.event_type_value
            if kind == "STEP_START":
                self.started[step] = time.monotonic()
                print(f"  … {step}", flush=True)
            elif kind == "STEP_SUCCESS":
                took = time.monotonic() - self.started.get(step, time.monotonic())
                print(f"  ✓ {step} ({took:.1f}s)", flush=True)
            elif kind == "STEP_FAILURE":
                print(f"  ✗ {step}: {event.event_specific_data.error.message.strip()}", flush=True)
        elif record.levelno >= logging.WARNING:
            print(f"    ! {step}: {meta.get('orig_message', record.getMessage())}", flush=True)


def _progress_logger():
    import dagster as dg

    @dg.logger(description="Compact progress lines for the budgetwatch CLI.")
    def progress(_init_context) -> logging.Logger:
        log = logging.getLogger("budgetwatch.progress")
        log.setLevel(logging.DEBUG)
        log.propagate = False
        if not log.handlers:
            log.addHandler(_ProgressHandler())
        return log

    return progress


HOST_TAG, PID_TAG = "budgetwatch/host", "budgetwatch/pid"


def run_tags() -> dict[str, str]:
    """Tags that let a later run tell whether this run's process is still alive."""
    return {HOST_TAG: socket.gethostname(), PID_TAG: str(os.getpid())}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reclaim_dead_runs(instance) -> list[str]:
    """Runs started by this CLI on this host whose process is gone (killed with -9, machine reset):
    mark them failed and free their pool slots, which Dagster would otherwise hold for ever and
    block every later run of the `warehouse` pool."""
    import dagster as dg

    active = [dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.NOT_STARTED]
    runs = instance.get_runs(filters=dg.RunsFilter(statuses=active, tags={HOST_TAG: socket.gethostname()}))
    reclaimed = []
    for run in runs:
        pid = int(run.tags.get(PID_TAG, "0") or 0)
        if pid and pid != os.getpid() and not _alive(pid):
            instance.report_run_failed(run, f"process {pid} is gone; run reclaimed by budgetwatch run")
            instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
            reclaimed.append(run.run_id)
    return reclaimed


def cmd_run(args: argparse.Namespace) -> int:
    dagster_home()
    import dagster as dg

    from pipelines import definitions
    from pipelines.defs.resources import LIVE_CATALOG, CatalogResource

    catalog_path = args.catalog or (str(LIVE_CATALOG) if args.live else None)
    resources = dict(definitions.defs.resources)
    if catalog_path:
        resources["catalog"] = CatalogResource(path=str(catalog_path))
    defs = dg.Definitions(
        assets=definitions.all_assets,
        asset_checks=definitions.all_checks,
        jobs=[definitions.refresh_all],
        resources=resources,
        loggers={"progress": _progress_logger()},
        executor=dg.in_process_executor,
    )
    target = warehouse.warehouse_path()
    print(f"budgetwatch: materialising every asset into {target}")
    started = time.monotonic()
    with dg.DagsterInstance.get() as instance:
        for run_id in reclaim_dead_runs(instance):
            print(f"  (run {run_id} of a process that is gone: marked failed, its pool slots freed)")
        result = defs.resolve_job_def("refresh_all").execute_in_process(
            tags=run_tags(), instance=instance, raise_on_error=False, run_config={"loggers": {"progress": {}}}
        )
    took = time.monotonic() - started
    print(f"{'done' if result.success else 'FAILED'} in {took:.1f}s (run {result.run_id})")
    if not result.success:
        return 1
    print_summary(target)
    return 0


def print_summary(path: Path) -> None:
    with warehouse.connect(path, read_only=True) as con:
        rows = []
        for table in SUMMARY_TABLES:
            if warehouse.table_exists(con, table):
                rows.append((table, con.execute(f"select count(*) from {table}").fetchone()[0]))
        print("\nRows per table")
        print(text_table(["table", "rows"], rows))
        cursor = con.execute(
            "select government, agency, fiscal_year, stage, sector, total_jpy, total_usd, n_lines "
            "from marts.sector_totals order by total_usd desc nulls last limit 8"
        )
        print("\nTop sector totals")
        print(text_table([d[0] for d in cursor.description], cursor.fetchall()))
        errors = con.execute("select count(*) from raw.fetch_log where error is not null").fetchone()[0]
        parse_errors = con.execute(
            "select count(*) from staging.documents where error is not null"
        ).fetchone()[0]
    print(f"\nfetch errors logged: {errors}; documents that did not parse: {parse_errors}")
    print(f"published snapshot: {warehouse.snapshot_path(path)}")
    print('query it: budgetwatch query "select * from marts.sector_totals"')


def _content_type(path: Path) -> str:
    return {
        ".html": "text/html",
        ".htm": "text/html",
        ".pdf": "application/pdf",
        ".xml": "application/rss+xml",
    }.get(path.suffix.lower(), "text/plain")


def cmd_extract(args: argparse.Namespace) -> int:
    from pipelines.lib.documents import parse_document
    from pipelines.lib.extract import extract_facts
    from pipelines.lib.normalise import normalise_facts

    published = date.fromisoformat(args.published) if args.published else None
    status = 0
    for name in args.files:
        path = Path(name)
        try:
            body = path.read_bytes()
        except OSError as exc:
            print(f"budgetwatch extract: {name}: {exc}", file=sys.stderr)
            status = 1
            continue
        doc = parse_document(body, content_type=_content_type(path), url=args.url)
        if doc.error:
            print(f"budgetwatch extract: {name}: {doc.error}", file=sys.stderr)
            status = 1
            continue
        when = published or doc.published
        facts = extract_facts(
            doc.text, document=name, published=when, url=args.url, title=doc.title, language=doc.language
        )
        normalise_facts(facts, when.year if when else None)
        for fact in facts:
            print(json.dumps(fact.to_dict(), ensure_ascii=False, default=str))
    return status


def cmd_eval(args: argparse.Namespace) -> int:
    from pipelines.lib.evaluate import run_eval

    run_eval(Path(args.gold_dir), verbose=args.verbose)
    return 0


def cmd_query(args: argparse.Namespace) -> int:
    target = Path(args.database) if args.database else warehouse.snapshot_path()
    if not target.exists():
        print(f"budgetwatch query: {target} does not exist yet; run `budgetwatch run` first", file=sys.stderr)
        return 2
    import duckdb

    with warehouse.connect(target, read_only=True, external_access=False) as con:
        try:
            cursor = con.execute(args.sql)
        except duckdb.Error as exc:
            print(f"budgetwatch query: {exc}", file=sys.stderr)
            return 1
        if cursor.description is None:
            return 0
        rows = cursor.fetchmany(args.limit)
        if args.format == "json":
            columns = [d[0] for d in cursor.description]
            for row in rows:
                print(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False, default=str))
        else:
            print(text_table([d[0] for d in cursor.description], rows))
    return 0


def cmd_ui(args: argparse.Namespace) -> int:
    dagster_home()
    command = [
        str(Path(sys.executable).with_name("dagster")),
        "dev",
        "-w",
        str(warehouse.PROJECT_ROOT / "workspace.yaml"),
        "-h",
        "127.0.0.1",
        "-p",
        str(args.port),
    ]
    print(f"Dagster UI on http://127.0.0.1:{args.port} (DAGSTER_HOME={os.environ['DAGSTER_HOME']})")
    return subprocess.call(command, cwd=warehouse.PROJECT_ROOT)


def cmd_report(args: argparse.Namespace) -> int:
    from pipelines.lib.report import write_report

    snapshot = Path(args.database) if args.database else warehouse.snapshot_path()
    out = Path(args.out) if args.out else warehouse.warehouse_path().parent / "report.html"
    try:
        written = write_report(out, snapshot)
    except FileNotFoundError as exc:
        print(f"budgetwatch report: {exc}", file=sys.stderr)
        return 2
    print(f"report written to {written} (from {snapshot}); open it in a browser, no network needed")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    dagster_home()
    import dagster as dg

    from pipelines.lib.status import RunInfo, status_report

    with dg.DagsterInstance.get() as instance:
        records = instance.get_run_records(limit=args.limit)
        runs = [
            RunInfo(
                run_id=r.dagster_run.run_id,
                job_name=r.dagster_run.job_name,
                status=r.dagster_run.status.value,
                started=r.start_time,
                ended=r.end_time,
                trigger=r.dagster_run.tags.get("budgetwatch/trigger")
                or ("schedule" if r.dagster_run.tags.get("dagster/schedule_name") else None)
                or ("sensor" if r.dagster_run.tags.get("dagster/sensor_name") else None),
            )
            for r in records
        ]
    print(status_report(runs, limit=args.limit))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="budgetwatch", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="materialise every asset (bundled sample pack by default)")
    run.add_argument("--live", action="store_true", help="use the live catalog sources/live.yaml (network)")
    run.add_argument("--catalog", help="a source catalog YAML file to use instead")
    run.set_defaults(func=cmd_run)

    extract = sub.add_parser("extract", help="print the budget facts of .txt/.html/.pdf files as JSON lines")
    extract.add_argument("files", nargs="+", metavar="FILE")
    extract.add_argument("--published", help="publication date YYYY-MM-DD (resolves 'next fiscal year')")
    extract.add_argument("--url", help="the URL the file came from")
    extract.set_defaults(func=cmd_extract)

    evaluate = sub.add_parser("eval", help="score extraction against a gold corpus directory")
    evaluate.add_argument("gold_dir", metavar="GOLD_DIR")
    evaluate.add_argument(
        "-v", "--verbose", action="store_true", help="list misses, false positives, wrong attributes"
    )
    evaluate.set_defaults(func=cmd_eval)

    query = sub.add_parser("query", help="run read-only SQL on the published warehouse snapshot")
    query.add_argument("sql", metavar="SQL")
    query.add_argument("--database", help="a DuckDB file to query instead of the published snapshot")
    query.add_argument("--limit", type=int, default=200, help="rows to print at most (default 200)")
    query.add_argument("--format", choices=("table", "json"), default="table")
    query.set_defaults(func=cmd_query)

    ui = sub.add_parser("ui", help="start the Dagster UI on 127.0.0.1 with a persistent DAGSTER_HOME")
    ui.add_argument("--port", type=int, default=3000)
    ui.set_defaults(func=cmd_ui)

    report = sub.add_parser(
        "report", help="write a static HTML report of the marts (reads the published snapshot)"
    )
    report.add_argument("--out", help="the HTML file to write (default: warehouse/report.html)")
    report.add_argument("--database", help="a snapshot DuckDB file to report on instead of the published one")
    report.set_defaults(func=cmd_report)

    status = sub.add_parser(
        "status", help="print the last runs, recorded failures, stale sources, open conflicts"
    )
    status.add_argument("--limit", type=int, default=10, help="runs, failures and rows to show (default 10)")
    status.set_defaults(func=cmd_status)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
