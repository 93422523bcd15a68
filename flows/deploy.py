"""The scheduled deployment of the pipeline and the task runners it can use."""
from __future__ import annotations

from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.schedules import Cron

from flows.pipeline import pipeline

DEPLOYMENT_NAME = "pressmine-daily"
DEFAULT_CRON = "0 6 * * *"
DEFAULT_TIMEZONE = "America/Lima"
# One run at a time: a second run waits for the first (ENQUEUE), so runs never overlap on the warehouse.
ONE_AT_A_TIME = ConcurrencyLimitConfig(limit=1, collision_strategy=ConcurrencyLimitStrategy.ENQUEUE)


def dask_runner(address: str | None, workers: int):
    """A DaskTaskRunner on an existing scheduler, or on a local cluster of ``workers`` processes."""
    from prefect_dask import DaskTaskRunner

    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs={"n_workers": workers, "threads_per_worker": 1, "processes": True})


def serve(sources: list[str] | None, warehouse: str | None, cron: str = DEFAULT_CRON,
          timezone: str = DEFAULT_TIMEZONE) -> None:
    """Register the deployment with the Prefect API and run its scheduled and triggered runs here."""
    pipeline.serve(
        name=DEPLOYMENT_NAME,
        schedules=[Cron(cron, timezone=timezone)],
        parameters={"sources": sources, "warehouse": warehouse},
        global_limit=ONE_AT_A_TIME,
        tags=["pressmine"],
        description="Ingest, build, validate and publish pressmine's warehouse.",
        pause_on_shutdown=False,
    )
