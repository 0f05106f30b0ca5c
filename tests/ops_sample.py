"""One warehouse of the bundled sample pack per test process, built by `budgetwatch run` in a
subprocess (so it also leaves a run in a DAGSTER_HOME). Shared read-only by the report, status and UI
tests; tests that change a warehouse build their own."""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGETWATCH = str(Path(sys.executable).with_name("budgetwatch"))


@functools.cache
def sample_env() -> dict[str, str]:
    """Environment variables pointing budgetwatch at the shared sample warehouse (built on first use)."""
    base = Path(tempfile.mkdtemp(prefix="budgetwatch-ops-sample-"))
    atexit.register(shutil.rmtree, base, True)
    env = {
        "BUDGETWATCH_WAREHOUSE": str(base / "warehouse" / "budgetwatch.duckdb"),
        "DAGSTER_HOME": str(base / "warehouse" / "dagster_home"),
        "BUDGETWATCH_DROP_DIR": str(base / "warehouse" / "drop"),
    }
    full = {k: v for k, v in os.environ.items() if k != "BUDGETWATCH_CATALOG"} | env
    done = subprocess.run(
        [BUDGETWATCH, "run"], env=full, cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    if done.returncode != 0:
        raise RuntimeError(f"budgetwatch run failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return env
