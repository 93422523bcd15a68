"""The deployment against a temporary Prefect server on 127.0.0.1: schedule, triggered runs, no overlap."""
import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from conftest import ROOT

BIN = Path(sys.executable).parent
DOC = ("---\ntitle: Scheduled copper news\ndate: 2025-04-01\n---\n\nThe United States and Peru signed a memorandum "
       "of understanding on critical minerals. USAID has invested more than $7 million in copper training in Peru.\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(1)
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")


@pytest.fixture
def prefect_server(tmp_path):
    port = free_port()
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect-home"), "PREFECT_UI_ENABLED": "false",
           "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
           "PREFECT_API_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{tmp_path / 'prefect.db'}"}
    env.pop("PREFECT_API_URL", None)
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen([str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    api = f"http://127.0.0.1:{port}/api"

    def healthy():
        try:
            return httpx.get(f"{api}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return proc.poll() is not None and pytest.fail((tmp_path / "server.log").read_text()[-3000:])

    wait_for(healthy, 180, "the Prefect server")
    yield api
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def test_served_deployment_runs_on_demand_and_never_overlaps(workspace, prefect_server):
    src = workspace / "docs"
    src.mkdir()
    (src / "news.md").write_text(DOC, encoding="utf-8")
    warehouse = workspace / "scheduled.duckdb"
    env = {**os.environ, "PREFECT_API_URL": prefect_server}
    log = (workspace / "serve.log").open("w")
    serve = subprocess.Popen([str(BIN / "pressmine"), "serve", str(src), "--warehouse", str(warehouse)],
                             env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    async def scenario():
        # Earlier tests in this process used the ephemeral API; point the client at the test server explicitly.
        with temporary_settings({PREFECT_API_URL: prefect_server}):
            async with get_client() as client:
                return await exercise(client)

    async def exercise(client):
        deadline = time.monotonic() + 120
        dep = None
        while dep is None and time.monotonic() < deadline:
            try:
                dep = await client.read_deployment_by_name("pressmine/pressmine-daily")
            except Exception:  # ObjectNotFound until serve has registered it
                await asyncio.sleep(1)
        assert dep is not None, (workspace / "serve.log").read_text()[-3000:]
        cron = dep.schedules[0].schedule
        assert (cron.cron, cron.timezone) == ("0 6 * * *", "America/Lima")
        assert dep.global_concurrency_limit is not None and dep.global_concurrency_limit.limit == 1

        runs = [await client.create_flow_run_from_deployment(dep.id) for _ in range(2)]
        deadline = time.monotonic() + 420
        while time.monotonic() < deadline:
            states = [(await client.read_flow_run(r.id)) for r in runs]
            if all(s.state and s.state.is_final() for s in states):
                return states
            await asyncio.sleep(2)
        raise TimeoutError("flow runs did not finish: " + (workspace / "serve.log").read_text()[-3000:])

    try:
        first, second = asyncio.run(scenario())
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=30)

    assert first.state.is_completed() and second.state.is_completed(), (workspace / "serve.log").read_text()[-3000:]
    earlier, later = sorted([first, second], key=lambda r: r.start_time)
    assert earlier.end_time <= later.start_time  # the limit of one made the second wait
    assert warehouse.exists() and (workspace / "published" / "warehouse.duckdb").exists()
