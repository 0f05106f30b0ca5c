import subprocess
import sys
from pathlib import Path

import dagster as dg

from pipelines.definitions import defs

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = {
    "raw_documents": "ingest",
    "documents": "extract",
    "figure_mentions": "extract",
    "budget_facts": "extract",
    "budget_lines": "warehouse",
    "sector_totals": "marts",
    "investment_tracking": "marts",
    "published_warehouse": "marts",
}


def test_every_asset_of_the_design_is_defined_with_group_description_and_kinds():
    graph = defs.resolve_asset_graph()
    specs = {key.to_user_string(): graph.get(key) for key in graph.get_all_asset_keys()}
    for name, group in EXPECTED.items():
        node = specs[name]
        assert node.group_name == group, name
        assert node.description and len(node.description) > 40, name
        assert node.kinds, name


def test_the_refresh_job_covers_every_asset():
    job = defs.resolve_job_def("refresh_all")
    assert {k.to_user_string() for k in job.asset_layer.executable_asset_keys} >= set(EXPECTED)


def test_definitions_validate_from_the_workspace():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("dagster")), "definitions", "validate", "-w", "workspace.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_definitions_object_is_a_dagster_definitions():
    assert isinstance(defs, dg.Definitions)
