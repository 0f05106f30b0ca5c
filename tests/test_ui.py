"""The Dagster webserver on a free loopback port serves the asset graph, checks, schedules and sensors
(GraphQL), and headless Chromium renders the asset graph page and the HTML report."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from ops_sample import ROOT, sample_env

from pipelines.lib import warehouse
from pipelines.lib.report import write_report

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="Chromium is not installed and could not be (`apt-get install -y chromium`, see .ci/run)",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def webserver(tmp_path_factory):
    env = {**__import__("os").environ, **sample_env()}
    port = _free_port()
    log = tmp_path_factory.mktemp("webserver") / "webserver.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("dagster-webserver")), "-w", "workspace.yaml"]
            + ["-h", "127.0.0.1", "-p", str(port)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(base + "/server_info", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the webserver did not come up:\n{log.read_text()[-3000:]}")
            time.sleep(0.5)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def graphql(base: str, query: str) -> dict:
    request = urllib.request.Request(
        base + "/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.load(response)
    assert "errors" not in body, body
    return body["data"]


def chromium(url: str, out: Path, *, dump_dom: bool = False) -> str:
    """Screenshot `url` into `out` (and return the rendered DOM when asked)."""
    args = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={out.parent / 'chromium-profile'}",
        "--virtual-time-budget=20000",
        "--window-size=1400,900",
    ]
    shot = subprocess.run(
        [*args, f"--screenshot={out}", url], capture_output=True, text=True, timeout=120, cwd=out.parent
    )
    assert out.exists() and out.stat().st_size > 20_000, shot.stderr[-2000:]
    if not dump_dom:
        return ""
    dom = subprocess.run(
        [*args, "--dump-dom", url], capture_output=True, text=True, timeout=120, cwd=out.parent
    )
    return dom.stdout


ASSETS = """{ assetNodes { assetKey { path } groupName kinds description
  assetChecksOrError { ... on AssetChecks { checks { name blocking } } } } }"""
REPOSITORY = """{ repositoriesOrError { ... on RepositoryConnection { nodes { name location { name }
  schedules { name cronSchedule scheduleState { status } } sensors { name sensorState { status } }
  jobs { name } } } } }"""


def test_the_asset_graph_explains_itself(webserver):
    nodes = {n["assetKey"]["path"][-1]: n for n in graphql(webserver, ASSETS)["assetNodes"]}
    assert {"raw_documents", "budget_facts", "budget_lines", "sector_totals", "published_warehouse"} <= set(
        nodes
    )
    for name, node in nodes.items():
        assert node["groupName"] and node["kinds"] and len(node["description"] or "") > 40, name
    checks = {
        name: {c["name"]: c["blocking"] for c in node["assetChecksOrError"]["checks"]}
        for name, node in nodes.items()
    }
    assert checks["budget_facts"] == {
        "fact_evidence_spans": True,
        "fact_amounts_positive": True,
        "fact_fiscal_years": True,
    }
    assert checks["budget_lines"] == {"line_facts_counted_once": True, "open_conflicts": False}
    assert checks["sector_totals"] == {"sector_totals_match_lines": True}
    assert checks["raw_documents"] == {"stale_sources": False}


def test_schedules_sensors_and_jobs_are_served(webserver):
    (repo,) = graphql(webserver, REPOSITORY)["repositoriesOrError"]["nodes"]
    schedules = {s["name"]: s for s in repo["schedules"]}
    assert schedules["daily_live_refresh"]["cronSchedule"] == "0 5 * * *"
    assert schedules["daily_live_refresh"]["scheduleState"]["status"] == "STOPPED"
    assert {s["name"] for s in repo["sensors"]} == {"drop_folder_sensor", "record_run_failures"}
    assert {"refresh_all", "refresh_live", "ingest_drop"} <= {j["name"] for j in repo["jobs"]}


@needs_chromium
def test_chromium_renders_the_asset_graph_page(webserver, tmp_path):
    (repo,) = graphql(webserver, REPOSITORY)["repositoriesOrError"]["nodes"]
    # the first visit from 127.0.0.1 opens a community sign-up dialog; dismiss it as a user would
    assert graphql(webserver, "mutation { setNuxSeen }")["setNuxSeen"] is True
    url = f"{webserver}/locations/{repo['location']['name']}/asset-groups/marts"
    dom = chromium(url, tmp_path / "asset_graph_marts.png", dump_dom=True)
    for name in ("sector_totals", "investment_tracking", "published_warehouse"):
        assert name in dom, f"{name} not rendered; screenshot in {tmp_path}"
    print(f"screenshot: {tmp_path / 'asset_graph_marts.png'}")


@needs_chromium
def test_chromium_renders_the_html_report_offline(tmp_path):
    env = sample_env()
    report = write_report(
        tmp_path / "report.html", warehouse.snapshot_path(Path(env["BUDGETWATCH_WAREHOUSE"]))
    )
    dom = chromium(report.as_uri(), tmp_path / "report.png", dump_dom=True)
    assert "Sector totals by fiscal year" in dom and "cumulative funding by tranche" in dom
    assert dom.count("<svg") >= 2 and "<rect" in dom
    print(f"screenshot: {tmp_path / 'report.png'}")
