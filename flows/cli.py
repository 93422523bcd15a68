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


def print_summary(result: dict) -> None:
    table = Table(title=f"run {result['run_id']}")
    for col in ("new", "changed", "unchanged", "failed"):
        table.add_column(col, justify="right")
    table.add_row(*(str(result[c]) for c in ("new", "changed", "unchanged", "failed")))
    console.print(table)
    console.print(f"warehouse: {result['warehouse']}")


@app.command()
def run(
    sources: list[str] = typer.Argument(None, help="Files, directories, globs, URLs, feeds or sitemaps "
                                        "(prefix feed: or sitemap: to force a kind). Default: sources.yml."),
    warehouse: Path = typer.Option(None, "--warehouse", "-w", help="DuckDB file to build (default data/warehouse.duckdb)."),
) -> None:
    """Ingest sources, build the curated tables, validate them and publish."""
    from flows.pipeline import pipeline

    result = pipeline(sources=sources or None, warehouse=str(warehouse) if warehouse else None)
    print_summary(result)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
