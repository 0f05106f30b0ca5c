"""End to end: `budgetwatch run --catalog <generated catalog>` on N generated documents.

Three phases, each a fresh `budgetwatch run` subprocess: a full run into an empty warehouse, a
re-run with nothing new (timed `--noop-runs` times, median reported: it is a few seconds, so noise
matters), and a re-run after adding 1% new documents. For each: wall time, the Dagster run's own
time as the CLI reports it ("run s"; the rest is start-up and the closing summary), peak RSS of the
whole process tree (sampled every 0.1 s with psutil), and the time of every step (from the CLI's
progress lines). Targets for 10,000 documents on 2 cores: full <= 120 s, no-op <= 5% of it,
1% new <= 10% of it, peak RSS <= 1.5 GB; 100,000 must complete with memory flat in N.

Run: .venv/bin/python bench/end_to_end.py [--n 10000] [--workdir DIR] [--keep] [--noop-runs 3]
     .venv/bin/python bench/end_to_end.py --n 100000
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import psutil
from common import PROJECT_ROOT, write_results
from generate import generate

from pipelines.lib.markdown import text_table

_STEP = re.compile(r"✓ (\S+) \(([\d.]+)s\)")
_DONE = re.compile(r"^(?:done|FAILED) in ([\d.]+)s", re.M)
_STARTED = re.compile(r"… (\S+)$")


def tree_rss(proc: psutil.Process) -> int:
    """Resident memory of a process and all its descendants, in bytes."""
    total = 0
    try:
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total


def measure(command: list[str], env: dict, log: Path) -> dict:
    """Run `command`, sampling the process tree's RSS; wall time, peak RSS, exit code, step times."""
    started = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        popen = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=PROJECT_ROOT)
        proc = psutil.Process(popen.pid)
        peak = 0
        step_peaks: dict[str, int] = {}  # peak RSS while each step ran (steps run one at a time)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            running = "(start-up)"
            with log.open(encoding="utf-8", errors="replace") as follow:
                pending = ""
                while not done.is_set():
                    pending += follow.read()
                    *lines, pending = pending.split("\n")
                    for line in lines:
                        if started_step := _STARTED.search(line):
                            running = started_step.group(1)
                        elif _STEP.search(line) or _DONE.search(line):
                            running = "(between steps)"
                    rss = tree_rss(proc)
                    peak = max(peak, rss)
                    step_peaks[running] = max(step_peaks.get(running, 0), rss)
                    time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        code = popen.wait()
        done.set()
        sampler.join()
    wall = time.perf_counter() - started
    text = log.read_text(encoding="utf-8", errors="replace")
    steps = {name: float(secs) for name, secs in _STEP.findall(text)}
    done = _DONE.search(text)
    # the Dagster run itself, as the CLI reports it; the rest of `wall_s` is interpreter start-up,
    # imports, the Dagster instance and the closing summary
    run_s = float(done.group(1)) if done else None
    return {
        "wall_s": wall,
        "run_s": run_s,
        "peak_rss_mb": peak / 2**20,
        "exit_code": code,
        "steps": steps,
        "step_peak_rss_mb": {name: rss / 2**20 for name, rss in step_peaks.items()},
    }


def row_counts(path: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            t: con.execute(f"select count(*) from {t}").fetchone()[0]
            for t in (
                "raw.documents",
                "staging.documents",
                "staging.figure_mentions",
                "core.budget_facts",
                "core.budget_lines",
            )
        }
    finally:
        con.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--shards", type=int, default=20)
    ap.add_argument("--workdir", help="where documents and the warehouse go (default: a temp folder)")
    ap.add_argument("--keep", action="store_true", help="keep the workdir afterwards")
    ap.add_argument(
        "--noop-runs", type=int, default=3, help="no-op re-runs to time; the median is reported (default 3)"
    )
    args = ap.parse_args()

    work = Path(args.workdir or tempfile.mkdtemp(prefix=f"bw-e2e-{args.n}-"))
    work.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    catalog = generate(work / "pack", args.n, seed=args.seed, shards=args.shards)
    gen_s = time.perf_counter() - t
    warehouse_file = work / "warehouse" / "bench.duckdb"
    warehouse_file.parent.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "BUDGETWATCH_WAREHOUSE": str(warehouse_file),
        "DAGSTER_HOME": str(work / "dagster_home"),
        "PYTHONUNBUFFERED": "1",
    }
    command = [str(PROJECT_ROOT / ".venv" / "bin" / "budgetwatch"), "run", "--catalog", str(catalog)]
    new = max(1, args.n // 100)
    phases = {}
    print(f"generated {args.n} documents in {gen_s:.1f}s under {work}")
    partial = {"command": f"bench/end_to_end.py --n {args.n}", "documents": args.n, "phases": phases}
    phases["full"] = measure(command, env, work / "full.log")
    phases["full"]["rows"] = row_counts(warehouse_file)
    print(
        f"full run: {phases['full']['wall_s']:.1f}s, peak RSS {phases['full']['peak_rss_mb']:.0f} MB",
        flush=True,
    )
    write_results(f"end_to_end_{args.n}", partial)  # rewritten below once every phase has run
    noops = [measure(command, env, work / f"noop-{i}.log") for i in range(max(1, args.noop_runs))]
    phases["noop"] = sorted(noops, key=lambda p: p["wall_s"])[len(noops) // 2]
    phases["noop"]["all_wall_s"] = [round(p["wall_s"], 2) for p in noops]
    print("no-op re-runs: " + ", ".join(f"{p['wall_s']:.2f}s" for p in noops), flush=True)
    generate(work / "pack", new, seed=args.seed, start=args.n, shards=args.shards)
    phases["new_1pct"] = measure(command, env, work / "new.log")
    phases["new_1pct"]["rows"] = row_counts(warehouse_file)

    full = phases["full"]["wall_s"]
    targets = {
        "full": (120.0 * args.n / 10_000, "<= 120 s per 10k"),
        "noop": (0.05 * full, "<= 5% of full"),
        "new_1pct": (0.10 * full, "<= 10% of full"),
    }
    rows = []
    for name, p in phases.items():
        limit, label = targets[name]
        ok = p["exit_code"] == 0 and p["wall_s"] <= limit and p["peak_rss_mb"] <= 1536
        rows.append(
            (
                name,
                p["exit_code"],
                f"{p['wall_s']:.1f}",
                f"{p['run_s']:.1f}" if p["run_s"] is not None else "-",
                f"{p['peak_rss_mb']:.0f}",
                f"{label} ({limit:.1f} s), RSS <= 1536 MB",
                "met" if ok else "MISSED",
            )
        )
    print(text_table(["phase", "exit", "wall s", "run s", "peak RSS MB", "target", "result"], rows))
    step_names = sorted({s for p in phases.values() for s in p["steps"]})
    print(
        text_table(
            ["step", *phases],
            [(s, *(f"{p['steps'].get(s, 0):.1f}" for p in phases.values())) for s in step_names],
        )
    )
    print("peak RSS MB of the process tree while each step ran:")
    peak_names = sorted({s for p in phases.values() for s in p["step_peak_rss_mb"]})
    print(
        text_table(
            ["step", *phases],
            [(s, *(f"{p['step_peak_rss_mb'].get(s, 0):.0f}" for p in phases.values())) for s in peak_names],
        )
    )
    print("rows after full run:", phases["full"]["rows"])
    path = write_results(
        f"end_to_end_{args.n}",
        {
            "command": f"bench/end_to_end.py --n {args.n} --seed {args.seed} --shards {args.shards} "
            f"--noop-runs {args.noop_runs}",
            "documents": args.n,
            "new_documents": new,
            "generate_s": gen_s,
            "phases": phases,
        },
    )
    print(f"results: {path}; logs under {work}")
    if not args.keep and not args.workdir:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
