"""Helpers shared by the benchmark scripts: results folder, JSON output, machine description."""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
DEV_CORPUS = PROJECT_ROOT.parent / "shared" / "corpus" / "dev"
# pyarrow lives outside the project venv's site-packages (see README): added only for benchmarks.
EXTRA_SITE = PROJECT_ROOT / ".venv" / "bench-extras"

if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))


def machine() -> dict:
    """What the numbers were measured on."""
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        model = platform.processor()
    try:
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if "MemTotal" in line
        )
    except (OSError, StopIteration):
        mem_kb = 0
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "memory_gb": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def write_results(name: str, data: dict) -> Path:
    """Write `bench/results/<name>.json` (git-ignored) with the machine and a timestamp."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{name}.json"
    payload = {"benchmark": name, "measured_at": datetime.now(UTC).isoformat(), "machine": machine(), **data}
    path.write_text(json.dumps(payload, indent=2, default=str), encoding="utf-8")
    return path


def use_extra_site() -> None:
    """Make the benchmark-only packages (pyarrow) importable when installed in bench-extras."""
    if EXTRA_SITE.is_dir() and str(EXTRA_SITE) not in sys.path:
        sys.path.append(str(EXTRA_SITE))


def pin_to_one_core() -> int | None:
    """Pin this process to one CPU (Linux); returns the CPU or None when not possible."""
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return cpu
    except (AttributeError, OSError):
        return None
