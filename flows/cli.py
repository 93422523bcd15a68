"""The ``pressmine`` command line."""
from __future__ import annotations

import os

# The ephemeral Prefect server can take over 20 s to start on a cold machine.
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

from pathlib import Path  # noqa: E402

import typer  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402

app = typer.Typer(help="pressmine: press releases about critical minerals -> validated DuckDB tables.",
                  no_args_is_help=True, add_completion=False)
console = Console()


@app.callback()
def _root() -> None:
    """pressmine: press releases about critical minerals -> validated DuckDB tables."""


def _settings(warehouse: Path | None):
    from flows.settings import get_settings

    return get_settings(warehouse=warehouse)


def print_summary(result: dict) -> None:
    table = Table(title=f"run {result['run_id']}")
    for col in ("new", "changed", "unchanged", "failed"):
        table.add_column(col, justify="right")
    table.add_row(*(str(result[c]) for c in ("new", "changed", "unchanged", "failed")))
    console.print(table)
    console.print(f"warehouse: {result['warehouse']}")
    if result.get("published"):
        console.print(f"published: {result['published']}")
        console.print(f"data docs: {result['data_docs']}")


@app.command()
def run(
    sources: list[str] = typer.Argument(None, help="Files, directories, globs, URLs, feeds or sitemaps "
                                        "(prefix feed: or sitemap: to force a kind). Default: sources.yml."),
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="DuckDB file to build (default data/warehouse.duckdb)."),
    published: Path = typer.Option(None, "--published", help="Where to publish (default: published/ beside the warehouse)."),
    task_runner: str = typer.Option("default", help="default (threads + a local process pool) or dask."),
    dask_address: str = typer.Option(None, help="Scheduler of an existing Dask cluster (tcp://host:8786)."),
    dask_workers: int = typer.Option(2, help="Workers of the local Dask cluster when no address is given."),
) -> None:
    """Ingest sources, build the curated tables, validate them and publish."""
    from flows.pipeline import pipeline

    params = dict(sources=sources or None, warehouse=str(warehouse) if warehouse else None,
                  published=str(published) if published else None)
    if task_runner == "dask":
        from flows.deploy import api_shared_with_workers, dask_runner

        flow = pipeline.with_options(task_runner=dask_runner(dask_address, dask_workers))
        with api_shared_with_workers():
            result = flow(**params, clean_chunks=max(dask_workers, 2))
    elif task_runner == "default":
        result = pipeline(**params)
    else:
        raise typer.BadParameter("--task-runner must be default or dask")
    print_summary(result)


@app.command()
def serve(
    sources: list[str] = typer.Argument(None, help="Sources for every scheduled run (default: sources.yml)."),
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="Working DuckDB file."),
    cron: str = typer.Option("0 6 * * *", help="Cron schedule."),
    timezone: str = typer.Option("America/Lima", help="Time zone of the schedule."),
) -> None:
    """Run the pipeline on its schedule (a Prefect deployment served from this process)."""
    from flows.deploy import serve as do_serve

    do_serve(sources or None, str(warehouse.resolve()) if warehouse else None, cron, timezone)


WarehouseOpt = typer.Option(None, "--warehouse", "-w", help="Working DuckDB file (default data/warehouse.duckdb).")


@app.command()
def validate(warehouse: Path = WarehouseOpt) -> None:
    """Run the Great Expectations gate on the working warehouse (no publishing)."""
    from flows.quality import run_gate

    gate = run_gate(_settings(warehouse))
    for failure in gate.failures:
        console.print(f"[red]FAIL[/red] {failure}")
    console.print(f"data docs: {gate.data_docs}")
    if not gate.success:
        raise typer.Exit(1)
    console.print("[green]all expectations passed[/green]")


@app.command()
def publish(warehouse: Path = WarehouseOpt) -> None:
    """Validate the working warehouse and, if it passes, publish it for readers."""
    import uuid

    from flows.publish import publish as do_publish
    from flows.quality import run_gate

    settings = _settings(warehouse)
    gate = run_gate(settings)
    if not gate.success:
        for failure in gate.failures:
            console.print(f"[red]FAIL[/red] {failure}")
        console.print(f"nothing published; see {gate.data_docs}")
        raise typer.Exit(1)
    console.print(f"published to {do_publish(settings, gate, f'manual-{uuid.uuid4()}')}")


@app.command()
def docs(
    warehouse: Path = WarehouseOpt,
    port: int = typer.Option(8580, help="Port on 127.0.0.1."),
    serve: bool = typer.Option(True, help="Serve after building (Ctrl-C to stop)."),
) -> None:
    """Build dbt docs and GX Data Docs and serve both on 127.0.0.1."""
    import functools
    import http.server
    import shutil

    from flows.transform import run_dbt

    settings = _settings(warehouse)
    run_dbt(settings, "docs", "generate")
    site = settings.warehouse.parent / "docs_site"
    if site.exists():
        shutil.rmtree(site)
    shutil.copytree(settings.dbt_project_dir / "target", site / "dbt", ignore=shutil.ignore_patterns("run", "compiled"))
    if settings.gx_data_docs_index.exists():
        shutil.copytree(settings.gx_data_docs_index.parent, site / "gx")
    (site / "index.html").write_text(
        '<h1>pressmine docs</h1><ul><li><a href="dbt/index.html">dbt docs (models, lineage)</a></li>'
        '<li><a href="gx/index.html">Great Expectations Data Docs (validation results)</a></li></ul>\n'
    )
    console.print(f"docs built in {site}")
    if serve:
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
        with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as httpd:
            console.print(f"serving on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
            try:
                httpd.serve_forever()
            except KeyboardInterrupt:
                pass


@app.command()
def sql(
    query: str = typer.Argument(..., help="SQL to run read-only against the published snapshot."),
    warehouse: Path = WarehouseOpt,
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
) -> None:
    """Query the published snapshot, read-only."""
    import duckdb

    settings = _settings(warehouse)
    path = settings.publish_root / "warehouse.duckdb"
    if not path.exists():
        console.print(f"[red]no published snapshot at {path}[/red]; run `pressmine run` first")
        raise typer.Exit(2)
    if fmt not in ("table", "csv", "json"):
        raise typer.BadParameter("--format must be table, csv or json")
    con = duckdb.connect(str(path), read_only=True)
    try:
        rel = con.sql(query)
        if rel is None:
            return
        columns, rows = rel.columns, rel.fetchall()
    except duckdb.Error as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1)
    finally:
        con.close()
    if fmt == "csv":
        import csv
        import sys

        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif fmt == "json":
        import json

        typer.echo(json.dumps([dict(zip(columns, r)) for r in rows], default=str, indent=2, ensure_ascii=False))
    else:
        table = Table()
        for c in columns:
            table.add_column(c)
        for r in rows:
            table.add_row(*("" if v is None else str(v) for v in r))
        console.print(table)


@app.command()
def status(warehouse: Path = WarehouseOpt, last: int = typer.Option(10, help="How many runs to show.")) -> None:
    """Show the last runs, their counts and outcomes."""
    from flows.db import connect

    settings = _settings(warehouse)
    if not settings.warehouse.exists():
        console.print(f"no warehouse at {settings.warehouse}; nothing has run yet")
        raise typer.Exit(1)
    with connect(settings.warehouse, read_only=True) as con:
        rows = con.execute(
            """
            SELECT run_id, started_at, ended_at, status, docs_new, docs_changed, docs_unchanged, docs_failed
            FROM raw.ingest_runs ORDER BY started_at DESC LIMIT ?
            """,
            [last],
        ).fetchall()
    from rich import box

    table = Table(title=f"last {last} runs of {settings.warehouse.name}", box=box.SIMPLE_HEAD)
    table.add_column("run")
    table.add_column("started (UTC)")
    table.add_column("secs", justify="right")
    table.add_column("status", no_wrap=True)
    for col in ("new", "chg", "same", "fail"):
        table.add_column(col, justify="right")
    for run_id, start, end, st, new, changed, unchanged, failed in rows:
        secs = f"{(end - start).total_seconds():.0f}" if end else "-"
        table.add_row(run_id[:8], f"{start:%Y-%m-%d %H:%M}", secs, st,
                      *("-" if x is None else str(x) for x in (new, changed, unchanged, failed)))
    console.print(table)
    console.print("failed sources of a run: SELECT * FROM raw.ingest_errors WHERE run_id LIKE '<run>%'")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
