"""The source catalog: a YAML file listing what to fetch, validated on load.

Every field is described in `sources/README-catalog.md`. A validation error names the entry (index
and id) and the field, e.g. `sources[3] (id 'meti-x'): field 'rate_limit': must be > 0`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from pipelines.lib.documents.charsets import normalize_charset

KINDS = ("feed", "index", "page", "pdf", "folder")
PUBLISHER_TYPES = ("ministry", "news", "other")
SCHEDULES = ("hourly", "daily", "weekly", "manual")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_FIELDS = (
    "id",
    "name",
    "kind",
    "url",
    "path",
    "language",
    "government",
    "agency",
    "publisher_type",
    "rate_limit",
    "max_pages",
    "link_pattern",
    "schedule",
    "charset",
    "allow_private",
)
_TOP_FIELDS = ("version", "name", "snapshot_dir", "sources")


class CatalogError(ValueError):
    """A catalog that cannot be used; the message names the file, the entry and the field."""


@dataclass(frozen=True)
class SourceSpec:
    """One validated catalog entry."""

    id: str
    name: str
    kind: str
    url: str | None
    path: Path | None  # kind folder: absolute, resolved against the catalog's folder
    language: str | None
    government: str | None
    agency: str | None
    publisher_type: str
    rate_limit: float
    max_pages: int
    link_pattern: str | None
    schedule: str
    charset: str | None
    allow_private: bool


@dataclass(frozen=True)
class Catalog:
    """A loaded catalog: its name, file, optional snapshot mirror and sources in file order."""

    name: str
    path: Path
    snapshot_dir: Path | None
    sources: list[SourceSpec]

    def source(self, source_id: str) -> SourceSpec:
        """The source with this id (KeyError if absent)."""
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)


class _EntryError(Exception):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _optional_str(entry: dict, field: str) -> str | None:
    value = entry.get(field)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _EntryError(field, f"must be a string or null, got {type(value).__name__}")
    return value.strip() or None


def _required_str(entry: dict, field: str) -> str:
    value = _optional_str(entry, field)
    if value is None:
        raise _EntryError(field, "is required")
    return value


def _choice(entry: dict, field: str, choices: tuple[str, ...], default: str | None) -> str:
    value = entry.get(field, default)
    if value is None:
        raise _EntryError(field, f"is required (one of {', '.join(choices)})")
    if value not in choices:
        raise _EntryError(field, f"must be one of {', '.join(choices)}, got {value!r}")
    return value


def _http_url(value: str, field: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https"):
        raise _EntryError(field, f"must be an http or https URL, got {value!r}")
    if not parts.hostname:
        raise _EntryError(field, f"has no host: {value!r}")
    return value


def _source(entry: Any, base: Path) -> SourceSpec:
    if not isinstance(entry, dict):
        raise _EntryError("-", f"must be a mapping, got {type(entry).__name__}")
    unknown = sorted(set(entry) - set(_FIELDS))
    if unknown:
        raise _EntryError(unknown[0], f"unknown field (known fields: {', '.join(_FIELDS)})")
    source_id = entry.get("id")
    if not isinstance(source_id, str) or not _ID.match(source_id):
        raise _EntryError("id", f"must match [a-z0-9-]+ (lowercase words joined by '-'), got {source_id!r}")
    name = _required_str(entry, "name")
    kind = _choice(entry, "kind", KINDS, None)

    url = _optional_str(entry, "url")
    path_text = _optional_str(entry, "path")
    path: Path | None = None
    if kind == "folder":
        if path_text is None:
            raise _EntryError("path", "is required for kind folder")
        if url is not None:
            raise _EntryError("url", "must be null for kind folder (use path)")
        path = (base / path_text).resolve()
        if not path.is_dir():
            raise _EntryError("path", f"is not a folder: {path}")
    else:
        if url is None:
            raise _EntryError("url", f"is required for kind {kind}")
        if path_text is not None:
            raise _EntryError("path", f"must be null for kind {kind}")
        url = _http_url(url, "url")

    language = _optional_str(entry, "language")
    if language is not None and not _LANGUAGE.match(language):
        raise _EntryError("language", f"must be an ISO 639-1 code such as 'ja' or 'en', got {language!r}")

    rate_limit = entry.get("rate_limit", 1.0)
    if isinstance(rate_limit, bool) or not isinstance(rate_limit, int | float):
        raise _EntryError("rate_limit", f"must be a number (requests per second), got {rate_limit!r}")
    if not rate_limit > 0:
        raise _EntryError("rate_limit", "must be > 0")

    max_pages = entry.get("max_pages", 50 if kind in ("feed", "index") else 1)
    if isinstance(max_pages, bool) or not isinstance(max_pages, int):
        raise _EntryError("max_pages", f"must be an integer, got {max_pages!r}")
    if max_pages < 1:
        raise _EntryError("max_pages", "must be >= 1")

    link_pattern = _optional_str(entry, "link_pattern")
    if kind == "index" and link_pattern is None:
        raise _EntryError("link_pattern", "is required for kind index (a regex of the links to follow)")
    if link_pattern is not None:
        try:
            re.compile(link_pattern)
        except re.error as exc:
            raise _EntryError("link_pattern", f"is not a valid regular expression: {exc}") from exc

    charset = _optional_str(entry, "charset")
    if charset is not None and normalize_charset(charset) is None:
        raise _EntryError("charset", f"unknown charset {charset!r}")

    allow_private = entry.get("allow_private", False)
    if not isinstance(allow_private, bool):
        raise _EntryError("allow_private", f"must be true or false, got {allow_private!r}")

    return SourceSpec(
        id=source_id,
        name=name,
        kind=kind,
        url=url,
        path=path,
        language=language,
        government=_optional_str(entry, "government"),
        agency=_optional_str(entry, "agency"),
        publisher_type=_choice(entry, "publisher_type", PUBLISHER_TYPES, "other"),
        rate_limit=float(rate_limit),
        max_pages=max_pages,
        link_pattern=link_pattern,
        schedule=_choice(entry, "schedule", SCHEDULES, "daily"),
        charset=charset,
        allow_private=allow_private,
    )


def load_catalog(path: Path | str) -> Catalog:
    """Read and validate a catalog file. Raises CatalogError naming the entry and field at fault."""
    path = Path(path).resolve()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the catalog: {exc}") from exc
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise CatalogError(f"{path}: the catalog must be a mapping with 'version', 'name' and 'sources'")
    unknown = sorted(set(data) - set(_TOP_FIELDS))
    if unknown:
        raise CatalogError(f"{path}: field '{unknown[0]}': unknown top-level field")
    if data.get("version") != 1:
        raise CatalogError(f"{path}: field 'version': must be 1, got {data.get('version')!r}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise CatalogError(f"{path}: field 'name': is required")
    base = path.parent
    snapshot_dir = None
    if data.get("snapshot_dir") is not None:
        if not isinstance(data["snapshot_dir"], str):
            raise CatalogError(f"{path}: field 'snapshot_dir': must be a folder path or null")
        snapshot_dir = (base / data["snapshot_dir"]).resolve()
        if not snapshot_dir.is_dir():
            raise CatalogError(f"{path}: field 'snapshot_dir': is not a folder: {snapshot_dir}")
    entries = data.get("sources")
    if not isinstance(entries, list) or not entries:
        raise CatalogError(f"{path}: field 'sources': must be a non-empty list")

    sources: list[SourceSpec] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        raw_id = entry.get("id") if isinstance(entry, dict) else None
        label = f"sources[{i}] (id {raw_id!r})" if raw_id is not None else f"sources[{i}]"
        try:
            spec = _source(entry, base)
        except _EntryError as exc:
            raise CatalogError(f"{path}: {label}: field '{exc.field}': {exc.message}") from None
        if spec.id in seen:
            raise CatalogError(f"{path}: {label}: field 'id': duplicate of sources[{seen[spec.id]}]")
        seen[spec.id] = i
        sources.append(spec)
    return Catalog(name=name.strip(), path=path, snapshot_dir=snapshot_dir, sources=sources)
