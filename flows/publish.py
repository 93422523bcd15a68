"""Publish a validated build for readers: a read-only DuckDB snapshot, Parquet per mart, a manifest.

Every file is written beside its final name and renamed into place, so a reader sees either the old or
the new file, never half of one; a reader holding the old snapshot open keeps reading it undisturbed.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from flows.db import connect
from flows.quality import MARTS, GateResult
from flows.settings import PROJECT_ROOT, Settings


def git_revision() -> str | None:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def publish(settings: Settings, gate: GateResult, run_id: str) -> Path:
    if not gate.success:
        raise RuntimeError("refusing to publish a build that failed the quality gate")
    root = settings.publish_root
    parquet_dir = root / "parquet"
    parquet_dir.mkdir(parents=True, exist_ok=True)

    # Make sure everything dbt wrote is in the main file, not the write-ahead log, before copying.
    with connect(settings.warehouse) as con:
        con.execute("CHECKPOINT")
    tmp_db = root / f".warehouse.duckdb.{run_id}.tmp"
    shutil.copyfile(settings.warehouse, tmp_db)
    with connect(tmp_db, read_only=True) as con:  # a corrupt copy must never replace a good snapshot
        con.execute("SELECT count(*) FROM marts.documents").fetchone()
    os.chmod(tmp_db, 0o444)
    os.replace(tmp_db, root / "warehouse.duckdb")

    for table in MARTS:
        src = gate.batch_dir / f"{table}.parquet"
        tmp = parquet_dir / f".{table}.parquet.tmp"
        shutil.copyfile(src, tmp)
        os.replace(tmp, parquet_dir / f"{table}.parquet")

    manifest = {
        "run_id": run_id,
        "published_at": datetime.now(timezone.utc).isoformat(),
        "git_revision": git_revision(),
        "warehouse": "warehouse.duckdb",
        "row_counts": gate.row_counts,
        "data_docs": str(gate.data_docs) if gate.data_docs else None,
    }
    tmp_manifest = root / ".manifest.json.tmp"
    tmp_manifest.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp_manifest, root / "manifest.json")
    return root
