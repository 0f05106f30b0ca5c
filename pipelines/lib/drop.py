"""The drop folder: HTML, PDF and text files an analyst saves into a folder to have them ingested.

The folder (`$BUDGETWATCH_DROP_DIR`, default `warehouse/drop/`) is read as a `kind: folder` source
of a small catalog written next to the warehouse (`drop.catalog.yaml`), so the ingest step treats
it like any other source. A scan fingerprints each file (size, mtime, content hash); the hash is
only recomputed for files whose size or mtime moved, so a `touch` alone is not a change.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from pipelines.lib import warehouse
from pipelines.lib.sources.catalog import Catalog, load_catalog
from pipelines.lib.sources.fetch import FOLDER_EXTENSIONS

DROP_ENV = "BUDGETWATCH_DROP_DIR"
DROP_SOURCE_ID = "drop-folder"
SETTLE_SECONDS = 5.0  # a file modified more recently than this may still be being copied


@dataclass(frozen=True)
class DroppedFile:
    """What the sensor remembers of a file: enough to tell a new or changed file from a seen one."""

    size: int
    mtime_ns: int
    sha256: str


def drop_dir() -> Path:
    """The drop folder: `$BUDGETWATCH_DROP_DIR`, or `drop/` beside the warehouse file."""
    configured = os.environ.get(DROP_ENV)
    return Path(configured) if configured else warehouse.warehouse_path().parent / "drop"


def drop_catalog_path() -> Path:
    """Where the one-source catalog for the drop folder is written (beside the warehouse file)."""
    return warehouse.warehouse_path().parent / "drop.catalog.yaml"


def _hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def scan(
    folder: Path,
    previous: dict[str, DroppedFile] | None = None,
    *,
    settle_seconds: float = SETTLE_SECONDS,
    now: float | None = None,
) -> dict[str, DroppedFile]:
    """Fingerprint every .html/.htm/.pdf/.txt file under `folder`, keyed by its relative POSIX path.

    Hidden files and files modified within `settle_seconds` (still being written) are left out; the
    content hash of a file whose size and mtime match `previous` is reused rather than recomputed.
    """
    previous = previous or {}
    now = time.time() if now is None else now
    found: dict[str, DroppedFile] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if any(part.startswith(".") for part in rel.parts) or path.suffix.lower() not in FOLDER_EXTENSIONS:
            continue
        try:
            stat = path.stat()
            if not path.is_file() or now - stat.st_mtime < settle_seconds:
                continue
            key = rel.as_posix()
            seen = previous.get(key)
            if seen and seen.size == stat.st_size and seen.mtime_ns == stat.st_mtime_ns:
                found[key] = seen
            else:
                found[key] = DroppedFile(stat.st_size, stat.st_mtime_ns, _hash(path))
        except OSError:  # removed or unreadable between listing and reading: next scan sees it
            continue
    return found


def changed_files(previous: dict[str, DroppedFile], current: dict[str, DroppedFile]) -> list[str]:
    """Files of `current` that are new, or whose content differs from `previous` (sorted)."""
    return sorted(
        name for name, f in current.items() if name not in previous or previous[name].sha256 != f.sha256
    )


def run_key(current: dict[str, DroppedFile], names: list[str]) -> str:
    """A key naming exactly these files at these contents: the same drop is never run twice."""
    digest = hashlib.sha256()
    for name in sorted(names):
        digest.update(f"{name}\0{current[name].sha256}\n".encode())
    return "drop-" + digest.hexdigest()[:24]


def encode_cursor(files: dict[str, DroppedFile]) -> str:
    """The sensor cursor: JSON of name -> [size, mtime_ns, sha256]."""
    return json.dumps(
        {name: list(asdict(f).values()) for name, f in sorted(files.items())}, separators=(",", ":")
    )


def decode_cursor(cursor: str | None) -> dict[str, DroppedFile]:
    """The inverse of `encode_cursor`; an empty or unreadable cursor means nothing seen yet."""
    if not cursor:
        return {}
    try:
        data = json.loads(cursor)
        return {name: DroppedFile(int(v[0]), int(v[1]), str(v[2])) for name, v in data.items()}
    except (ValueError, TypeError, IndexError, AttributeError):
        return {}


def write_drop_catalog(folder: Path, target: Path | None = None) -> Path:
    """Write (if its content changed) and validate the catalog whose one source is the drop folder."""
    target = Path(target or drop_catalog_path())
    spec = {
        "version": 1,
        "name": "drop",
        "snapshot_dir": None,
        "sources": [
            {
                "id": DROP_SOURCE_ID,
                "name": f"Analyst drop folder ({folder})",
                "kind": "folder",
                "url": None,
                "path": str(Path(folder).resolve()),
                "language": None,
                "government": None,
                "agency": None,
                "publisher_type": "other",
                "schedule": "manual",
            }
        ],
    }
    text = "# Written by budgetwatch for the drop-folder sensor; edits are overwritten.\n" + yaml.safe_dump(
        spec, sort_keys=False, allow_unicode=True
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        tmp = target.with_name(target.name + f".tmp{os.getpid()}")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
    load_catalog(target)
    return target


def drop_catalog(folder: Path) -> Catalog:
    """The drop folder as a loaded catalog (writes the catalog file first)."""
    return load_catalog(write_drop_catalog(folder))
