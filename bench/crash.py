"""Crash trials: `kill -9` a `budgetwatch run` at chosen moments and check what it leaves behind.

The setup: a generated pack is run once (the last good state, OLD), new documents are added, and a
reference run from a copy of OLD gives the new completed state (NEW). Each trial starts from the
state the previous one left (or, with --from-old, from OLD again, so every kill meets the whole
OLD-to-NEW work instead of a run that an earlier trial already took most of the way), launches the
same run, kills its whole process group at a moment (a fraction of the reference run's duration),
then checks:

- the warehouse opens read-write (any WAL replays) and every table is OLD or NEW; tables the
  pipeline fills incrementally in committed batches (raw, staging, facts) may also sit between
  them, row for row: OLD <= table <= NEW as multisets (a resumable batch boundary, never a torn
  batch); the fetch log, one row per attempt, keeps OLD's rows and only rows of the kinds NEW
  has. Columns that record times and run ids, and counts of fetch attempts, are left out.
- the published snapshot opens and equals OLD's or NEW's snapshot;

and at the end a plain re-run completes and leaves exactly NEW.

    .venv/bin/python bench/crash.py [--points 12] [--docs 200] [--new 60] [--seed 5] [--from-old]
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.lib import warehouse
from pipelines.lib.fingerprint import VOLATILE_COLUMNS, warehouse_fingerprints

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT / "bench") not in sys.path:  # for `generate` and `common` when loaded by tests
    sys.path.insert(0, str(PROJECT_ROOT / "bench"))
BUDGETWATCH = PROJECT_ROOT / ".venv" / "bin" / "budgetwatch"
# Logs that gain a row per attempt, so every run (a killed one too) adds rows NEW's two runs lack,
# and the counts of attempts derived from them (marts.source_coverage).
APPEND_ONLY = frozenset({"raw.fetch_log"})
ATTEMPT_COUNTS = frozenset({"n_fetches", "n_fetch_errors", "n_not_modified"})
EXCLUDED = VOLATILE_COLUMNS | ATTEMPT_COUNTS
# Tables written incrementally, batch by batch, each batch its own transaction.
INCREMENTAL = frozenset(
    {
        "raw.documents",
        "raw.fetch_log",
        "raw.source_urls",
        "staging.documents",
        "staging.document_tables",
        "staging.figure_mentions",
        "staging.extraction_log",
        "core.budget_facts",
    }
)


def freeze_code(work: Path) -> Path:
    """A copy of `pipelines/` and `sql/` for the trials to run: code edited while they run (the
    stage versions hash the source files) would otherwise change OLD and NEW under them."""
    frozen = work / "code"
    for part in ("pipelines", "sql"):
        shutil.copytree(PROJECT_ROOT / part, frozen / part, ignore=shutil.ignore_patterns("__pycache__"))
    return frozen


def _env(wh: Path, dagster_home: Path | None, code: Path | None = None) -> dict:
    extra = {"PYTHONPATH": str(code)} if code else {}
    return {
        **os.environ,
        **extra,
        "BUDGETWATCH_WAREHOUSE": str(wh),
        "DAGSTER_HOME": str(dagster_home or wh.parent / f"dagster_home-{time.monotonic_ns()}"),
        "PYTHONUNBUFFERED": "1",
    }


def start_run(
    catalog: Path, wh: Path, log: Path, dagster_home: Path | None = None, code: Path | None = None
) -> subprocess.Popen:
    """`budgetwatch run --catalog CATALOG` against `wh`, in its own process group.

    Each run gets a fresh DAGSTER_HOME unless one is given: a run killed with -9 keeps its claim on
    the `warehouse` pool slot in DAGSTER_HOME, and every later run there waits for it forever (see
    `blocked_after_kill`); these trials are about the warehouse, so they step around that.
    """
    out = log.open("a", encoding="utf-8")
    return subprocess.Popen(
        [str(BUDGETWATCH.with_name("python")), "-m", "pipelines.cli", "run", "--catalog", str(catalog)],
        env=_env(wh, dagster_home, code),
        cwd=code or PROJECT_ROOT,
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def run_to_end(catalog: Path, wh: Path, log: Path, code: Path | None = None, timeout: float = 600) -> float:
    """A complete run; returns its wall time; raises if it fails."""
    started = time.monotonic()
    proc = start_run(catalog, wh, log, code=code)
    code = proc.wait(timeout=timeout)
    if code != 0:
        raise RuntimeError(f"budgetwatch run failed ({code}); see {log}")
    return time.monotonic() - started


def kill_at(
    catalog: Path,
    wh: Path,
    log: Path,
    after_s: float,
    dagster_home: Path | None = None,
    code: Path | None = None,
) -> tuple[bool, str]:
    """Start a run and SIGKILL its process group after `after_s` seconds. Returns (killed, last
    progress line): killed is False when the run ended first."""
    proc = start_run(catalog, wh, log, dagster_home, code)
    try:
        proc.wait(timeout=after_s)
        killed = False
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        killed = True
    lines = [
        ln.strip() for ln in log.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()
    ]
    return killed, (lines[-1] if lines else "")


def blocked_after_kill(
    catalog: Path, wh: Path, work: Path, wait_s: float = 40.0, code: Path | None = None
) -> bool:
    """Kill a run once its first step has started, then start another run in the same DAGSTER_HOME:
    True when the second run has not finished its first step within `wait_s` seconds."""
    home = work / "shared_dagster_home"
    first_log, second_log = work / "blocked-first.log", work / "blocked-second.log"
    proc = start_run(catalog, wh, first_log, home, code)
    deadline = time.monotonic() + 120
    while "… raw_documents" not in first_log.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    second = start_run(catalog, wh, second_log, home, code)
    deadline = time.monotonic() + wait_s
    try:
        while time.monotonic() < deadline:
            if "✓ raw_documents" in second_log.read_text(encoding="utf-8") or second.poll() is not None:
                return False
            time.sleep(0.5)
        return True
    finally:
        if second.poll() is None:
            os.killpg(second.pid, signal.SIGKILL)
        second.wait()


@dataclass
class State:
    fingerprints: dict
    rows: dict[str, Counter] = field(default_factory=dict)


def _row_hashes(con: duckdb.DuckDBPyConnection, table: str) -> Counter:
    schema, name = table.split(".")
    cols = [
        c
        for (c,) in con.execute(
            "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
            "order by ordinal_position",
            [schema, name],
        ).fetchall()
        if c not in EXCLUDED
    ]
    select = ", ".join('"' + c.replace('"', '""') + '"' for c in cols)
    return Counter(
        h for (h,) in con.execute(f"select hash(r) from (select {select} from {table}) as r").fetchall()
    )


def read_state(path: Path, *, read_only: bool = False) -> State:
    """Fingerprints of every table, and row multisets of the incremental ones. Opening read-write
    is what the next run does (and replays a WAL left by a kill)."""
    with warehouse.connect(path, read_only=read_only, lock_timeout_s=30) as con:
        fps = warehouse_fingerprints(con, exclude=EXCLUDED)
        rows = {t: _row_hashes(con, t) for t in fps if t in INCREMENTAL}
    return State(fps, rows)


def _where(table: str, crashed: State, old: State, new: State) -> tuple[str, str]:
    """Where one table sits: ("old" | "new" | "between", "") or ("neither", what is wrong)."""
    fp = crashed.fingerprints.get(table)
    if fp is None:
        return "neither", f"{table}: missing"
    if fp == old.fingerprints.get(table):
        return "old", ""
    if fp == new.fingerprints.get(table):
        return "new", ""
    if table in INCREMENTAL:
        have, lo, hi = crashed.rows[table], old.rows.get(table, Counter()), new.rows[table]
        if not (lo - have) and not (have - hi):
            return "between", ""
        if table in APPEND_ONLY and not (lo - have) and set(have) <= set(hi):
            return "between", ""
        return "neither", f"{table}: {len(lo - have)} old rows lost, {len(have - hi)} rows not in NEW"
    return "neither", f"{table}: {fp.rows} rows, neither OLD ({old.fingerprints[table].rows}) nor NEW"


def problems(crashed: State, old: State, new: State) -> list[str]:
    """Tables that are neither OLD nor NEW (nor, for incremental ones, between them)."""
    found = (_where(t, crashed, old, new) for t in sorted(set(old.fingerprints) | set(new.fingerprints)))
    return [why for place, why in found if place == "neither"]


def placement(crashed: State, old: State, new: State) -> Counter:
    """How many tables sit at OLD (a table equal in both counts as OLD), at NEW, between them at a
    batch boundary, or neither."""
    return Counter(_where(t, crashed, old, new)[0] for t in set(old.fingerprints) | set(new.fingerprints))


def differs_from(state: State, target: State) -> list[str]:
    """Tables of `state` that are not `target`'s; an append-only log may hold more attempts."""
    out = []
    for table, fp in target.fingerprints.items():
        have = state.fingerprints.get(table)
        if have == fp:
            continue
        if table in APPEND_ONLY and have is not None:
            mine, theirs = state.rows[table], target.rows[table]
            if not (theirs - mine) and set(mine) <= set(theirs):
                continue
        out.append(f"{table}: differs")
    return out


def snapshot_state(wh: Path) -> State | None:
    snap = warehouse.snapshot_path(wh)
    return read_state(snap, read_only=True) if snap.exists() else None


def copy_warehouse(src: Path, dst: Path) -> None:
    """Copy a (closed, checkpointed) warehouse file and its published snapshot."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    for a, b in ((src, dst), (warehouse.snapshot_path(src), warehouse.snapshot_path(dst))):
        if a.exists():
            shutil.copy2(a, b)


@dataclass
class Trial:
    after_s: float
    killed: bool
    last_line: str
    problems: list[str]
    snapshot_ok: bool
    leftovers: list[str]
    tables: dict[str, int] = field(default_factory=dict)  # old / new / between / neither -> count
    snapshot: str = ""  # OLD, NEW, missing or neither


def prepare(work: Path, docs: int, new: int, seed: int, shards: int = 3) -> dict:
    """OLD and NEW states (and their snapshots) for a generated pack; returns what the trials need."""
    from generate import generate

    code = freeze_code(work)
    pack = work / "pack"
    catalog = generate(pack, docs, seed=seed, shards=shards)
    old_wh = work / "old" / "w.duckdb"
    old_wh.parent.mkdir(parents=True)
    first = run_to_end(catalog, old_wh, work / "old.log", code)
    generate(pack, new, seed=seed, start=docs, shards=shards)
    ref_wh = work / "ref" / "w.duckdb"
    copy_warehouse(old_wh, ref_wh)
    reference = run_to_end(catalog, ref_wh, work / "ref.log", code)
    return {
        "code": code,
        "catalog": catalog,
        "old_wh": old_wh,
        "old": read_state(old_wh, read_only=True),
        "old_snapshot": snapshot_state(old_wh),
        "new": read_state(ref_wh, read_only=True),
        "new_snapshot": snapshot_state(ref_wh),
        "first_run_s": first,
        "reference_s": reference,
    }


def reset_to_old(wh: Path, old_wh: Path) -> None:
    """Put OLD back in `wh`'s place, dropping whatever a killed run left there (a WAL replayed onto
    the copy would mix states)."""
    for leftover in wh.parent.glob(wh.name.split(".")[0] + ".*"):
        leftover.unlink()
    copy_warehouse(old_wh, wh)


def trials(
    work: Path, setup: dict, fractions: list[float], from_old: bool = False
) -> tuple[list[Trial], list[str], float]:
    """Kill a run at each fraction of the reference duration, check, and finish with a clean re-run.
    Each trial starts where the previous one left off, or from OLD when `from_old`.
    Returns the trials, the problems left after the re-run (empty when it equals NEW), and its time."""
    wh = work / "crashy" / "w.duckdb"
    copy_warehouse(setup["old_wh"], wh)
    out = []
    for n, fraction in enumerate(fractions):
        if from_old and n:
            reset_to_old(wh, setup["old_wh"])
        after = max(0.2, fraction * setup["reference_s"])
        killed, last = kill_at(setup["catalog"], wh, work / f"kill-{n}.log", after, code=setup["code"])
        snap = snapshot_state(wh)
        if snap is None:
            snapshot = "missing"
        elif snap.fingerprints == setup["old_snapshot"].fingerprints:
            snapshot = "OLD"
        else:
            snapshot = "neither" if differs_from(snap, setup["new_snapshot"]) else "NEW"
        state = read_state(wh)
        found = problems(state, setup["old"], setup["new"])
        tables = dict(placement(state, setup["old"], setup["new"]))
        leftovers = sorted(p.name for p in wh.parent.iterdir() if ".tmp" in p.name)
        out.append(Trial(after, killed, last, found, snapshot in ("OLD", "NEW"), leftovers, tables, snapshot))
    rerun_s = run_to_end(setup["catalog"], wh, work / "rerun.log", setup["code"])
    left = differs_from(read_state(wh), setup["new"])
    snap = snapshot_state(wh)
    if snap is None or differs_from(snap, setup["new_snapshot"]):
        left.append("published snapshot differs from NEW's")
    return out, left, rerun_s


def main() -> None:
    import argparse
    import tempfile

    from common import write_results

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=12)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--new", type=int, default=60)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--from-old", action="store_true", help="start every trial from OLD")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="bw-crash-"))
    setup = prepare(work, args.docs, args.new, args.seed)
    fractions = sorted(rng.uniform(0.15, 1.05) for _ in range(args.points))
    found, left, rerun_s = trials(work, setup, fractions, from_old=args.from_old)
    print(f"first run {setup['first_run_s']:.1f}s, reference run {setup['reference_s']:.1f}s; workdir {work}")
    for t in found:
        status = "ok" if not t.problems and t.snapshot_ok else "PROBLEM"
        where = "/".join(str(t.tables.get(k, 0)) for k in ("old", "new", "between", "neither"))
        print(
            f"kill at {t.after_s:5.1f}s killed={t.killed!s:5} {status:7} tables old/new/between/neither "
            f"{where} snapshot {t.snapshot:3} last: {t.last_line[:50]}"
        )
        for p in t.problems:
            print("    ", p)
        if t.leftovers:
            print("     leftovers:", ", ".join(t.leftovers))
    print(f"re-run {rerun_s:.1f}s; after it: {left or 'equals NEW'}")
    path = write_results(
        "crash",
        {
            "command": f"bench/crash.py --points {args.points} --docs {args.docs} --new {args.new} "
            f"--seed {args.seed}" + (" --from-old" if args.from_old else ""),
            "reference_s": setup["reference_s"],
            "trials": [t.__dict__ for t in found],
            "after_rerun": left,
            "rerun_s": rerun_s,
        },
    )
    print(f"results: {path}")


if __name__ == "__main__":
    main()
