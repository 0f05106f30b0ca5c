"""The daily live refresh, evaluated with `dg.build_schedule_context`; run config checked on its job."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import defs
from pipelines.defs.ingest.schedules import LIVE_CATALOG_ENV, daily_live_refresh
from pipelines.lib.sources.catalog import load_catalog

ROOT = Path(__file__).resolve().parents[1]
WHEN = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)


def _evaluate(monkeypatch, catalog: Path):
    monkeypatch.setenv(LIVE_CATALOG_ENV, str(catalog))
    with dg.build_schedule_context(scheduled_execution_time=WHEN) as context:
        return daily_live_refresh(context)


def test_the_schedule_is_daily_off_by_default_and_targets_the_live_job():
    schedule = defs.resolve_schedule_def("daily_live_refresh")
    assert schedule.cron_schedule == "0 5 * * *"
    assert schedule.default_status == dg.DefaultScheduleStatus.STOPPED
    assert schedule.job_name == "refresh_live"
    job = defs.resolve_job_def("refresh_live")
    keys = {k.to_user_string() for k in job.asset_layer.executable_asset_keys}
    assert {"raw_documents", "budget_facts", "sector_totals", "published_warehouse"} <= keys


def test_the_bundled_live_catalog_gives_a_run_on_it_keyed_by_day(monkeypatch):
    live = ROOT / "sources" / "live.yaml"
    if not live.exists():
        pytest.skip("sources/live.yaml is not in this checkout")
    request = _evaluate(monkeypatch, live)
    assert isinstance(request, dg.RunRequest)
    assert request.run_key == "live-2026-03-02"
    assert request.run_config == {"resources": {"catalog": {"config": {"path": str(live)}}}}
    assert request.tags["budgetwatch/catalog"] == load_catalog(live).name
    # the run config is valid for the job it targets
    dg.validate_run_config(defs.resolve_job_def("refresh_live"), request.run_config)


def test_a_missing_live_catalog_skips_with_the_path(monkeypatch, tmp_path):
    result = _evaluate(monkeypatch, tmp_path / "nowhere.yaml")
    assert isinstance(result, dg.SkipReason)
    assert "nowhere.yaml" in result.skip_message


def test_an_invalid_live_catalog_skips_naming_the_field(monkeypatch, tmp_path):
    bad = tmp_path / "live.yaml"
    bad.write_text(
        "version: 1\nname: live\nsources:\n  - id: x\n    name: X\n    kind: page\n    url: ftp://example.org/\n",
        encoding="utf-8",
    )
    result = _evaluate(monkeypatch, bad)
    assert isinstance(result, dg.SkipReason)
    assert "'url'" in result.skip_message


def test_a_valid_catalog_elsewhere_is_used(monkeypatch, tmp_path):
    catalog = tmp_path / "mine.yaml"
    catalog.write_text(
        "version: 1\nname: mine\nsources:\n  - id: one-page\n    name: One page\n    kind: page\n"
        "    url: https://www.example.org/budget.html\n",
        encoding="utf-8",
    )
    request = _evaluate(monkeypatch, catalog)
    assert request.run_config["resources"]["catalog"]["config"]["path"] == str(catalog)
    assert request.tags["budgetwatch/catalog"] == "mine"
