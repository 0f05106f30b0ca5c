"""The drop-folder sensor: files an analyst saves into the drop folder are ingested once each."""

from __future__ import annotations

import dagster as dg

from pipelines.defs.ingest.schedules import catalog_run_config
from pipelines.lib.drop import (
    changed_files,
    decode_cursor,
    drop_dir,
    encode_cursor,
    run_key,
    scan,
    write_drop_catalog,
)

ingest_drop = dg.define_asset_job(
    "ingest_drop",
    selection=dg.AssetSelection.all(),
    description="Ingest the HTML, PDF and text files of the drop folder and rebuild everything downstream.",
)


@dg.sensor(
    job=ingest_drop,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Watches the drop folder ($BUDGETWATCH_DROP_DIR, default warehouse/drop/) and requests one "
    "run per batch of new or changed .html/.htm/.pdf/.txt files. The cursor remembers each file's size, "
    "mtime and content hash; the run key names the files and hashes, so a drop is never ingested twice.",
)
def drop_folder_sensor(context: dg.SensorEvaluationContext):
    folder = drop_dir()
    if not folder.is_dir():
        return dg.SkipReason(f"drop folder {folder} does not exist; create it and save files there")
    previous = decode_cursor(context.cursor)
    current = scan(folder, previous)
    changed = changed_files(previous, current)
    if not changed:
        return dg.SensorResult(skip_reason=f"nothing new in {folder}", cursor=encode_cursor(current))
    catalog = write_drop_catalog(folder)
    context.log.info(f"{len(changed)} new or changed file(s) in {folder}: {', '.join(changed[:10])}")
    return dg.SensorResult(
        run_requests=[
            dg.RunRequest(
                run_key=run_key(current, changed),
                run_config=catalog_run_config(catalog),
                tags={"budgetwatch/trigger": "drop-folder", "budgetwatch/files": str(len(changed))},
            )
        ],
        cursor=encode_cursor(current),
    )
