"""Sources: the catalog, the HTTP client and its SSRF guard, the snapshot client, and fetching."""

from .catalog import Catalog, CatalogError, SourceSpec, load_catalog
from .fetch import FetchResult, PriorFetch, collect, content_hash
from .http import HttpClient
from .snapshot import SnapshotClient

__all__ = [
    "Catalog",
    "CatalogError",
    "FetchResult",
    "HttpClient",
    "PriorFetch",
    "SnapshotClient",
    "SourceSpec",
    "collect",
    "content_hash",
    "load_catalog",
]
