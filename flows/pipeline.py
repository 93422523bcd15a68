"""The pressmine pipeline as one Prefect flow; each task is a stage, batched over all documents."""
from __future__ import annotations

import uuid
from pathlib import Path

from prefect import flow, get_run_logger, task, unmapped
from prefect.runtime import flow_run

from flows import ingest
from flows.publish import publish
from flows.quality import GateResult, run_gate
from flows.transform import build_marts
from flows.db import connect, ensure_raw_schema
from flows.land import LandingSummary, finish_run, known_validators, land, start_run
from flows.records import Cleaned, Fetched, IngestError, Target
from flows.settings import Settings, get_settings
from flows.sources import SourceSpec, load_sources_file, parse_cli_source


@task(name="open-run")
def open_run(settings: Settings, run_id: str, specs: list[SourceSpec]) -> dict:
    with connect(settings.warehouse) as con:
        ensure_raw_schema(con)
        start_run(con, run_id, [s.location for s in specs if s.enabled])
        return known_validators(con)


@task(name="discover-sources", retries=1, retry_delay_seconds=5)
def discover_sources(specs: list[SourceSpec], settings: Settings, validators: dict):
    return ingest.discover(specs, settings, validators)


@task(name="fetch-documents", timeout_seconds=3600)
def fetch_documents(targets: list[Target], settings: Settings, validators: dict):
    return ingest.fetch_all(targets, settings, validators)


@task(name="clean-documents", timeout_seconds=3600)
def clean_documents(fetched: list[Fetched], settings: Settings, workers: int):
    return ingest.clean_all(fetched, workers, settings.min_text_chars)


def clean_in_chunks(fetched: list[Fetched], settings: Settings, chunks: int):
    """One task per chunk: on a Dask task runner the chunks run on the cluster's workers."""
    if chunks <= 1:
        return clean_documents(fetched, settings, settings.clean_workers)
    parts = [fetched[i::chunks] for i in range(chunks)]
    futures = clean_documents.map(parts, unmapped(settings), unmapped(1))
    cleaned, errors = [], []
    for future in futures:
        c, e = future.result()
        cleaned += c
        errors += e
    return cleaned, errors


@task(name="land-documents")
def land_documents(
    settings: Settings, run_id: str, cleaned: list[Cleaned], not_modified: list[str], errors: list[IngestError]
) -> LandingSummary:
    with connect(settings.warehouse) as con:
        summary = land(con, run_id, cleaned, not_modified, errors)
        finish_run(con, run_id, summary, "landed")
    return summary


@task(name="build-marts", timeout_seconds=1800)
def build_marts_task(settings: Settings) -> None:
    build_marts(settings)


@task(name="validate", timeout_seconds=1800)
def validate_task(settings: Settings) -> GateResult:
    return run_gate(settings)


@task(name="publish")
def publish_task(settings: Settings, gate: GateResult, run_id: str) -> str:
    return str(publish(settings, gate, run_id))


class QualityGateFailed(RuntimeError):
    pass


def resolve_specs(sources: list[str] | None, settings: Settings) -> list[SourceSpec]:
    if sources:
        return [parse_cli_source(s) for s in sources]
    return load_sources_file(settings.sources_file)


def mark_run(settings: Settings, run_id: str, summary: LandingSummary, status: str, message: str | None) -> None:
    with connect(settings.warehouse) as con:
        finish_run(con, run_id, summary, status, message)


_defaults = get_settings()


@flow(name="pressmine", log_prints=True, retries=_defaults.flow_retries,
      retry_delay_seconds=_defaults.flow_retry_delay_s)
def pipeline(
    sources: list[str] | None = None,
    warehouse: str | None = None,
    clean_chunks: int = 1,
    published: str | None = None,
) -> dict:
    """Discover -> fetch -> clean -> land in raw -> build marts with dbt -> validate -> publish."""
    logger = get_run_logger()
    settings = get_settings(
        warehouse=Path(warehouse) if warehouse else None, published_dir=Path(published) if published else None
    )
    run_id = str(flow_run.id or uuid.uuid4())
    specs = resolve_specs(sources, settings)

    validators = open_run(settings, run_id, specs)
    targets, prefetched, discover_errors = discover_sources(specs, settings, validators)
    fetched, fetch_errors = fetch_documents(targets, settings, validators)
    fetched = prefetched + fetched
    cleaned, clean_errors = clean_in_chunks(fetched, settings, clean_chunks)
    errors = discover_errors + fetch_errors + clean_errors
    not_modified = [f.target.uri for f in fetched if f.not_modified]
    summary = land_documents(settings, run_id, cleaned, not_modified, errors)

    for err in errors:
        logger.warning("%s [%s/%s] %s", err.source, err.stage, err.error_kind, err.message)
    try:
        build_marts_task(settings)
        gate = validate_task(settings)
    except Exception as exc:
        mark_run(settings, run_id, summary, "failed", str(exc)[:2000])
        raise
    if not gate.success:
        message = (
            f"quality gate failed; the published snapshot was left as it was. Open {gate.data_docs}\n  "
            + "\n  ".join(gate.failures)
        )
        mark_run(settings, run_id, summary, "failed_validation", message[:4000])
        raise QualityGateFailed(message)
    published = publish_task(settings, gate, run_id)
    mark_run(settings, run_id, summary, "published", None)
    logger.info("published to %s; data docs: %s", published, gate.data_docs)
    return {
        "run_id": run_id,
        "warehouse": str(settings.warehouse),
        "published": published,
        "data_docs": str(gate.data_docs),
        "new": summary.new,
        "changed": summary.changed,
        "unchanged": summary.unchanged,
        "failed": summary.failed,
        "row_counts": gate.row_counts,
    }
