"""Run dbt in-process, one invocation at a time, against the working warehouse."""
from __future__ import annotations

import os
from contextlib import contextmanager

from dbt.cli.main import dbtRunner

from flows.settings import Settings


class DbtError(RuntimeError):
    pass


@contextmanager
def _warehouse_env(settings: Settings):
    # profiles.yml reads the path from the environment; restore it so nothing leaks between runs.
    before = os.environ.get("PRESSMINE_WAREHOUSE")
    os.environ["PRESSMINE_WAREHOUSE"] = str(settings.warehouse.resolve())
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PRESSMINE_WAREHOUSE", None)
        else:
            os.environ["PRESSMINE_WAREHOUSE"] = before


def run_dbt(settings: Settings, *args: str) -> None:
    project = str(settings.dbt_project_dir)
    cli = [*args, "--project-dir", project, "--profiles-dir", str(settings.dbt_profiles_dir), "--quiet"]
    with _warehouse_env(settings):
        result = dbtRunner().invoke(cli)
    if result.exception is not None:
        raise DbtError(f"dbt {' '.join(args)} could not run: {result.exception}")
    if not result.success:
        failed = [
            f"{r.node.name}: {r.message}"
            for r in (result.result or [])
            if getattr(r, "status", None) in ("error", "fail")
        ]
        raise DbtError(f"dbt {' '.join(args)} failed: " + "; ".join(failed))


def build_marts(settings: Settings) -> None:
    # Full refresh: seeds are small, and an analyst adding a column to a rule seed must not break the run.
    # No partial parse: unit-test fixtures read seed files at parse time and must see an edited seed.
    run_dbt(settings, "build", "--full-refresh", "--no-partial-parse")
