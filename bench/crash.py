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

With `--at MOMENT` the kills are aimed instead: every trial starts from OLD, the run is watched
(its progress lines and the files beside the warehouse, polled every 2 ms; nothing is added to the
product and the warehouse is never opened while the run goes) and killed as soon as the moment is
seen, plus a random delay of up to `--jitter` seconds. Each trial then gets the checks above, the
snapshot's fingerprint record is checked against the snapshot it sits beside, and a re-run must
end exactly at NEW with no temp files left. The moments (`MOMENTS`):

- `publish-copy`: the snapshot's temp file (`<name>.published.duckdb.tmp<pid>`) exists and has
  grown: `published_warehouse` is inside the copy, before the rename.
- `ingest-batch`: `raw_documents` has committed and checkpointed its first batch (the warehouse
  WAL came and went, the file changed) and fetches the next one. Batches hold 2,000 results
  (`steps/ingest.py:BATCH`), so this needs `--new` above 2,000 (e.g. `--new 3000`).
- `ingest-batch-write`: the same, once the WAL is back: the second batch is committing (DuckDB
  writes the WAL at COMMIT), and the kill falls before its checkpoint (a WAL left to replay).
- `step:NAME`: the step NAME has started (its `… NAME` progress line).

    .venv/bin/python bench/crash.py [--points 12] [--docs 200] [--new 60] [--seed 5] [--from-old]
    .venv/bin/python bench/crash.py --at publish-copy [--points 5] [--jitter 0.05] [--docs 200] [--new 600]
"""

from __future__ import annotations

import glob
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
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
    lines = _progress_lines(log)
    return killed, (lines[-1] if lines else "")


# --- aimed kills: named moments of a run -------------------------------------------------------

# A poll function built for one run: returns what it saw once the moment has come, else None.
Poll = Callable[[], str | None]


@dataclass(frozen=True)
class Moment:
    """A named moment to kill a run at: armed when the run prints `armed_by` (a progress line; None
    arms at once), then `watch(warehouse_path)` builds the poll function that reports it."""

    description: str
    armed_by: str | None
    watch: Callable[[Path], Poll]


def _file_state(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns


_SNAPSHOT_TEMP = re.compile(r"\.tmp\d+$")


def snapshot_temp_files(wh: Path) -> list[Path]:
    """Temp files of a snapshot copy under way (or left by a killed one), WAL files excluded."""
    name = warehouse.snapshot_path(wh).name
    return sorted(p for p in wh.parent.glob(glob.escape(name) + ".tmp*") if _SNAPSHOT_TEMP.search(p.name))


def _snapshot_copy_under_way(wh: Path) -> Poll:
    """Seen when a snapshot temp file has grown past the size it first had with something in it:
    ATTACH creates it empty, then writes its header; it grows beyond that only while the copy
    writes tables."""
    first_size: dict[Path, int] = {}

    def poll() -> str | None:
        for tmp in snapshot_temp_files(wh):
            state = _file_state(tmp)
            if state is None or state[0] == 0:
                continue
            size = state[0]
            if size > first_size.setdefault(tmp, size):
                return f"{tmp.name} at {size / 1e6:.1f} MB"
        return None

    return poll


def _wal_cycles(cycles: int, *, back: bool = False) -> Callable[[Path], Poll]:
    """A watch seen when the warehouse WAL has appeared (a transaction committing) and gone again
    `cycles` times and the file itself has changed: that many transactions are committed and
    checkpointed into the file. With `back`, seen only once the WAL is back: the next transaction
    is being written."""

    def watch(wh: Path) -> Poll:
        wal = wh.with_name(wh.name + ".wal")
        before = _file_state(wh)
        present, done = False, 0

        def poll() -> str | None:
            nonlocal present, done
            now_present = wal.exists()
            if present and not now_present:
                done += 1
            present = now_present
            now = _file_state(wh)
            if done < cycles or now == before or (back and not present) or (not back and present):
                return None
            size = f"{wh.name} {before[0] / 1e6:.1f} -> {now[0] / 1e6:.1f} MB"
            return f"WAL checkpointed {done}x, {size}" + (", WAL back" if back else "")

        return poll

    return watch


def _step_started(step: str) -> Moment:
    return Moment(f"step {step} has started", f"… {step}", lambda _wh: lambda: f"… {step}")


MOMENTS = {
    "publish-copy": Moment(
        "inside the publish copy: the snapshot temp file exists and grows, before the rename",
        "… published_warehouse",
        _snapshot_copy_under_way,
    ),
    "ingest-batch": Moment(
        "raw_documents committed its first batch and fetches the next (needs > 2,000 new documents)",
        "… raw_documents",
        _wal_cycles(1),
    ),
    "ingest-batch-write": Moment(
        "raw_documents committed its first batch and commits the next (the WAL is back: DuckDB writes "
        "it at COMMIT), before that commit is checkpointed (needs > 2,000 new documents)",
        "… raw_documents",
        _wal_cycles(1, back=True),
    ),
}


def moment(name: str) -> Moment:
    """A moment of `MOMENTS`, or `step:NAME` for the start of step NAME."""
    if name.startswith("step:"):
        return _step_started(name.removeprefix("step:"))
    try:
        return MOMENTS[name]
    except KeyError:
        raise ValueError(f"unknown moment {name!r}; known: {', '.join(MOMENTS)}, step:NAME") from None


def kill_when(
    proc: subprocess.Popen,
    log: Path,
    wh: Path,
    at: Moment,
    *,
    delay_s: float = 0.0,
    timeout_s: float = 600.0,
    poll_s: float = 0.002,
) -> tuple[bool, str]:
    """Watch a started run and SIGKILL its process group `delay_s` after `at` is seen. Returns
    (killed, what was seen): killed is False when the run ended first. A run still going after
    `timeout_s` without the moment is killed and raises TimeoutError."""
    deadline = time.monotonic() + timeout_s
    offset, tail = 0, ""
    poll = None if at.armed_by else at.watch(wh)
    seen = ""
    while proc.poll() is None and time.monotonic() < deadline:
        if poll is None:
            with log.open("rb") as f:
                f.seek(offset)
                chunk = f.read()
            offset += len(chunk)
            tail = (tail + chunk.decode("utf-8", errors="replace"))[-4096:]
            if at.armed_by in tail:
                poll = at.watch(wh)
        if poll is not None:
            seen = poll() or ""
            if seen:
                break
        time.sleep(poll_s)
    if not seen:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            raise TimeoutError(f"{at.description}: not seen within {timeout_s:g}s; see {log}")
        return False, ""
    if delay_s > 0:
        time.sleep(delay_s)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return True, seen


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
    after_s: float  # random kills: seconds into the run; aimed kills: the delay after the moment
    killed: bool
    last_line: str
    problems: list[str]
    snapshot_ok: bool
    leftovers: list[str]
    tables: dict[str, int] = field(default_factory=dict)  # old / new / between / neither -> count
    snapshot: str = ""  # OLD, NEW, missing or neither
    seen: str = ""  # aimed kills: what the watcher saw when it fired
    between: dict[str, str] = field(default_factory=dict)  # table -> "rows (OLD a, NEW b)" at a boundary
    wal_bytes: int | None = None  # the warehouse WAL the kill left (None: no WAL, nothing to replay)
    record: str = ""  # the snapshot's fingerprint record: "absent", "matches" its snapshot, or "WRONG"
    temp_mb: float | None = None  # size of the snapshot temp file the kill left, if any
    rerun_s: float = 0.0  # aimed kills: the re-run after this trial
    after_rerun: list[str] | None = None  # aimed kills: what still differs from NEW after the re-run


def _progress_lines(log: Path) -> list[str]:
    return [ln.strip() for ln in log.read_text(encoding="utf-8", errors="replace").splitlines() if ln.strip()]


def _snapshot_verdict(wh: Path, setup: dict) -> str:
    snap = snapshot_state(wh)
    if snap is None:
        return "missing"
    if snap.fingerprints == setup["old_snapshot"].fingerprints:
        return "OLD"
    return "neither" if differs_from(snap, setup["new_snapshot"]) else "NEW"


def _record_verdict(wh: Path) -> str:
    """Whether the fingerprint record beside the snapshot is that snapshot's content ("matches"),
    missing ("absent": the next run publishes again), or "WRONG": a later run trusting it could skip
    a publish it owes."""
    recorded = warehouse.published_fingerprint(wh)
    if recorded is None:
        return "absent"
    with warehouse.connect(warehouse.snapshot_path(wh), read_only=True) as con:
        return "matches" if recorded == warehouse.content_fingerprint(con) else "WRONG"


def _rows(state: State, table: str) -> int:
    fp = state.fingerprints.get(table)
    return fp.rows if fp else 0


def check_after_kill(wh: Path, setup: dict, trial: Trial) -> Trial:
    """Fill in `trial` from what a killed run left in `wh`: snapshot first (before anything opens
    the warehouse), then every table's place between OLD and NEW, then temp files left behind."""
    trial.snapshot = _snapshot_verdict(wh, setup)
    trial.snapshot_ok = trial.snapshot in ("OLD", "NEW")
    trial.record = _record_verdict(wh)
    trial.leftovers = sorted(p.name for p in wh.parent.iterdir() if ".tmp" in p.name)
    temps = snapshot_temp_files(wh)
    trial.temp_mb = sum(t.stat().st_size for t in temps) / 1e6 if temps else None
    wal = _file_state(wh.with_name(wh.name + ".wal"))
    trial.wal_bytes = wal[0] if wal else None
    state = read_state(wh)
    old, new = setup["old"], setup["new"]
    trial.problems = problems(state, old, new)
    trial.tables = dict(placement(state, old, new))
    trial.between = {
        t: f"{state.fingerprints[t].rows} rows (OLD {_rows(old, t)}, NEW {_rows(new, t)})"
        for t in sorted(state.fingerprints)
        if _where(t, state, old, new)[0] == "between"
    }
    return trial


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
        "new_wh": ref_wh,
        "old": read_state(old_wh, read_only=True),
        "old_snapshot": snapshot_state(old_wh),
        "new": read_state(ref_wh, read_only=True),
        "new_snapshot": snapshot_state(ref_wh),
        "new_snapshot_mb": warehouse.snapshot_path(ref_wh).stat().st_size / 1e6,
        "first_run_s": first,
        "reference_s": reference,
    }


def reset_to_old(wh: Path, old_wh: Path) -> None:
    """Put OLD in `wh`'s place as a run leaves it, dropping whatever a killed run left there (a WAL
    replayed onto the copy would mix states): the warehouse file, then its snapshot and the
    snapshot's fingerprint record, written by publishing the copy (a record names the identity of
    its snapshot file, which a copy of the file would not have)."""
    wh.parent.mkdir(parents=True, exist_ok=True)
    for leftover in wh.parent.glob(wh.name.split(".")[0] + ".*"):
        leftover.unlink()
    shutil.copy2(old_wh, wh)
    warehouse.publish_snapshot(wh)


def reset_to_unpublished(wh: Path, setup: dict) -> None:
    """NEW's warehouse beside OLD's snapshot and record, as a run killed between its last write and
    the end of its publish leaves them: a run from here has only the publish left to do."""
    reset_to_old(wh, setup["old_wh"])
    shutil.copy2(setup["new_wh"], wh)


def trials(
    work: Path, setup: dict, fractions: list[float], from_old: bool = False
) -> tuple[list[Trial], list[str], float]:
    """Kill a run at each fraction of the reference duration, check, and finish with a clean re-run.
    Each trial starts where the previous one left off, or from OLD when `from_old`.
    Returns the trials, the problems left after the re-run (empty when it equals NEW), and its time."""
    wh = work / "crashy" / "w.duckdb"
    reset_to_old(wh, setup["old_wh"])
    out = []
    for n, fraction in enumerate(fractions):
        if from_old and n:
            reset_to_old(wh, setup["old_wh"])
        after = max(0.2, fraction * setup["reference_s"])
        killed, last = kill_at(setup["catalog"], wh, work / f"kill-{n}.log", after, code=setup["code"])
        out.append(check_after_kill(wh, setup, Trial(after, killed, last, [], False, [])))
    rerun_s, left = rerun_to_new(wh, setup, work / "rerun.log")
    return out, left, rerun_s


def rerun_to_new(wh: Path, setup: dict, log: Path) -> tuple[float, list[str]]:
    """A plain run to the end; returns its time and what then differs from NEW (empty when nothing
    does): tables, the snapshot, its fingerprint record, and temp files left beside them."""
    rerun_s = run_to_end(setup["catalog"], wh, log, setup["code"])
    left = differs_from(read_state(wh), setup["new"])
    snap = snapshot_state(wh)
    if snap is None or differs_from(snap, setup["new_snapshot"]):
        left.append("published snapshot differs from NEW's")
    if _record_verdict(wh) != "matches":
        left.append("snapshot fingerprint record absent or wrong")
    left += [f"left behind: {p.name}" for p in wh.parent.iterdir() if ".tmp" in p.name]
    return rerun_s, left


def aimed_trials(
    work: Path,
    setup: dict,
    at: str,
    points: int,
    jitter_s: float = 0.0,
    seed: int = 5,
    *,
    unpublished: bool = False,
) -> list[Trial]:
    """Kill a run from OLD at the moment `at` (see `moment`) plus a random delay of up to
    `jitter_s`, check what it left, re-run to the end and check that too; `points` times. With
    `unpublished`, each trial starts from NEW's warehouse with OLD's snapshot (`reset_to_unpublished`):
    a quick way to the publish."""
    aim = moment(at)
    rng = random.Random(seed)
    wh = work / f"aimed-{at.replace(':', '-')}" / "w.duckdb"
    out = []
    for n in range(points):
        if unpublished:
            reset_to_unpublished(wh, setup)
        else:
            reset_to_old(wh, setup["old_wh"])
        delay = rng.uniform(0, jitter_s) if jitter_s > 0 else 0.0
        log = work / f"aimed-{n}.log"
        proc = start_run(setup["catalog"], wh, log, code=setup["code"])
        killed, seen = kill_when(proc, log, wh, aim, delay_s=delay)
        lines = _progress_lines(log)
        trial = check_after_kill(wh, setup, Trial(delay, killed, lines[-1] if lines else "", [], False, []))
        trial.seen = seen
        trial.rerun_s, trial.after_rerun = rerun_to_new(wh, setup, work / f"aimed-{n}-rerun.log")
        out.append(trial)
    return out


def _print_trial(t: Trial, aimed: bool) -> None:
    status = "ok" if not t.problems and t.snapshot_ok and t.record != "WRONG" else "PROBLEM"
    where = "/".join(str(t.tables.get(k, 0)) for k in ("old", "new", "between", "neither"))
    when = f"+{t.after_s:.3f}s" if aimed else f"at {t.after_s:5.1f}s"
    print(
        f"kill {when} killed={t.killed!s:5} {status:7} tables old/new/between/neither "
        f"{where} snapshot {t.snapshot:3} last: {t.last_line[:50]}"
    )
    if aimed:
        print(f"     seen: {t.seen or '(not seen: the run ended first)'}")
    if t.wal_bytes is not None:
        print(f"     warehouse WAL left by the kill: {t.wal_bytes:,} bytes (replayed on open)")
    for table, rows in t.between.items():
        print(f"     at a batch boundary: {table} {rows}")
    for p in t.problems:
        print("    ", p)
    print(f"     snapshot fingerprint record: {t.record}")
    if t.leftovers:
        print("     leftovers:", ", ".join(t.leftovers))
    if t.temp_mb is not None:
        print(f"     snapshot temp file at the kill: {t.temp_mb:.1f} MB")
    if t.after_rerun is not None:
        print(f"     re-run {t.rerun_s:.1f}s; after it: {t.after_rerun or 'equals NEW, no temp files'}")


def main() -> None:
    import argparse
    import tempfile

    from common import write_results

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", type=int, default=12, help="trials (kills) to run")
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--new", type=int, default=60)
    ap.add_argument("--seed", type=int, default=5)
    ap.add_argument("--from-old", action="store_true", help="start every trial from OLD")
    ap.add_argument(
        "--at",
        metavar="MOMENT",
        help=f"kill when MOMENT is seen instead of at random times: {', '.join(MOMENTS)} or step:NAME",
    )
    ap.add_argument("--jitter", type=float, default=0.0, help="with --at: kill up to this many seconds later")
    args = ap.parse_args()
    if args.at:
        try:
            moment(args.at)  # an unknown name fails before the set-up runs
        except ValueError as exc:
            ap.error(str(exc))
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="bw-crash-"))
    setup = prepare(work, args.docs, args.new, args.seed)
    print(f"first run {setup['first_run_s']:.1f}s, reference run {setup['reference_s']:.1f}s; workdir {work}")
    command = f"bench/crash.py --points {args.points} --docs {args.docs} --new {args.new} --seed {args.seed}"
    if args.at:
        found = aimed_trials(work, setup, args.at, args.points, args.jitter, args.seed)
        print(f"aimed at {args.at}: {moment(args.at).description}")
        print(f"(NEW's snapshot: {setup['new_snapshot_mb']:.1f} MB)")
        for t in found:
            _print_trial(t, aimed=True)
        results = {"command": f"{command} --at {args.at} --jitter {args.jitter}", "trials": found}
    else:
        fractions = sorted(rng.uniform(0.15, 1.05) for _ in range(args.points))
        found, left, rerun_s = trials(work, setup, fractions, from_old=args.from_old)
        for t in found:
            _print_trial(t, aimed=False)
        print(f"re-run {rerun_s:.1f}s; after it: {left or 'equals NEW'}")
        results = {
            "command": command + (" --from-old" if args.from_old else ""),
            "trials": found,
            "after_rerun": left,
            "rerun_s": rerun_s,
        }
    results["trials"] = [t.__dict__ for t in results["trials"]]
    path = write_results(
        "crash-" + args.at.replace(":", "-") if args.at else "crash",
        {**results, "reference_s": setup["reference_s"]},
    )
    print(f"results: {path}")


if __name__ == "__main__":
    main()
