"""The scheduled deployment of the pipeline and the task runners it can use."""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy
from prefect.schedules import Cron
from prefect.settings import PREFECT_API_URL, temporary_settings

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


@contextmanager
def api_shared_with_workers() -> Iterator[None]:
    """Give Dask worker processes this process's Prefect API.

    Without an API URL every spawned worker would start an ephemeral Prefect server of its own
    (30 s or more each on a small machine); with one they report to the same API as the flow.
    """
    if PREFECT_API_URL.value():
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start()
    os.environ["PREFECT_API_URL"] = server.api_url
    try:
        with temporary_settings({PREFECT_API_URL: server.api_url}):
            yield
    finally:
        os.environ.pop("PREFECT_API_URL", None)


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
