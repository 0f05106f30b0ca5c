"""Resources: the DuckDB warehouse, the source catalog, and the HTTP client."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from pydantic import Field

from pipelines.lib import warehouse
from pipelines.lib.sources.catalog import Catalog, load_catalog
from pipelines.lib.sources.http import HttpClient
from pipelines.lib.sources.snapshot import SnapshotClient

PROJECT_ROOT = warehouse.PROJECT_ROOT
SAMPLE_CATALOG = PROJECT_ROOT / "sources" / "sample.yaml"
LIVE_CATALOG = PROJECT_ROOT / "sources" / "live.yaml"


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB warehouse file. Connections are short-lived, closed in `finally`, and wait a bounded
    time for another process's lock (see FIELD_NOTES: the stock DuckDB resource leaks locks)."""

    path: str = Field(
        default_factory=lambda: str(warehouse.warehouse_path()),
        description="DuckDB file; defaults to $BUDGETWATCH_WAREHOUSE or warehouse/budgetwatch.duckdb",
    )
    lock_timeout_s: float = Field(default=warehouse.DEFAULT_LOCK_TIMEOUT_S, description="Max wait for a lock")

    @contextmanager
    def connect(self, *, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        with warehouse.connect(self.path, read_only=read_only, lock_timeout_s=self.lock_timeout_s) as con:
            if not read_only:
                warehouse.ensure_schema(con)
            yield con

    def publish(self) -> Path:
        """Checkpoint and publish the read-only snapshot users query."""
        return warehouse.publish_snapshot(Path(self.path), lock_timeout_s=self.lock_timeout_s)

    def publish_if_changed(
        self, audit: Callable[[duckdb.DuckDBPyConnection], None] | None = None
    ) -> warehouse.Publication:
        """Publish the snapshot unless it already holds what the warehouse holds; `audit` runs
        before a copy and raises to stop it (see `warehouse.publish_if_changed`)."""
        return warehouse.publish_if_changed(Path(self.path), audit=audit, lock_timeout_s=self.lock_timeout_s)


class CatalogResource(dg.ConfigurableResource):
    """The source catalog: the bundled sample pack by default, `sources/live.yaml` for live runs."""

    path: str = Field(
        default_factory=lambda: os.environ.get("BUDGETWATCH_CATALOG") or str(SAMPLE_CATALOG),
        description="YAML source catalog; defaults to $BUDGETWATCH_CATALOG or sources/sample.yaml",
    )

    def load(self) -> Catalog:
        return load_catalog(Path(self.path))


class HttpResource(dg.ConfigurableResource):
    """The polite HTTP client (timeouts, deadline, retries, robots.txt, rate limits, SSRF guard).
    A catalog with a snapshot directory is served from disk instead of the network."""

    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    deadline: float = 30.0
    max_bytes: int = 20 * 2**20
    retries: int = 3

    def client_for(self, catalog: Catalog):
        if catalog.snapshot_dir is not None:
            return SnapshotClient(catalog.snapshot_dir)
        return HttpClient(
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            deadline=self.deadline,
            max_bytes=self.max_bytes,
            retries=self.retries,
        )
