"""Code versions of the parsing stages: a hash of the files each stage's output depends on.

A document is re-processed by a stage only when the stage's version changed since it was
processed, so unchanged documents are neither re-parsed nor re-written.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

_LIB = Path(__file__).resolve().parent
_DATA = _LIB.parent / "data"

_STAGE_INPUTS = {
    "documents": [_LIB / "documents"],
    "mentions": [
        _LIB / "extract" / "grammar.py",
        _LIB / "extract" / "numerals.py",
        _LIB / "extract" / "currencies.py",
    ],
    "facts": [_LIB / "extract", _LIB / "normalise.py", _DATA],
}


@cache
def stage_version(stage: str) -> str:
    """A short hash of every file the stage depends on."""
    digest = hashlib.sha256()
    for root in _STAGE_INPUTS[stage]:
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in files:
            if path.is_file() and path.suffix in (".py", ".csv", ".yaml", ".json"):
                digest.update(path.relative_to(_LIB.parent).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
