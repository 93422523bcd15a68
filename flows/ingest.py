"""Ingest stages as plain functions: discover, fetch, clean (both cores), each returning errors as data."""
from __future__ import annotations

import functools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from flows.clean import clean_one
from flows.fetch import HttpClient, Validators, fetch_one
from flows.records import Cleaned, Fetched, IngestError, Target
from flows.settings import Settings
from flows.sources import SourceSpec, expand_local, expand_remote

# Below this many documents a process pool costs more than it saves (bench/bench_ingest.py: break-even near
# 2,400 documents on 2 cores, 2.2x faster at 8,000).
POOL_THRESHOLD = 2000


def progress(description: str) -> Progress:
    return Progress(
        TextColumn(f"[bold]{description:<10}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        transient=False,
    )


def discover(
    specs: list[SourceSpec], settings: Settings, validators: dict[str, Validators]
) -> tuple[list[Target], list[Fetched], list[IngestError]]:
    targets: list[Target] = []
    fetched: list[Fetched] = []
    errors: list[IngestError] = []
    client = HttpClient(settings)
    for spec in specs:
        if not spec.enabled:
            continue
        if spec.is_remote:
            t, f, e = expand_remote(spec, client, validators.get(spec.location))
            fetched += f
        else:
            t, e = expand_local(spec)
        targets += t
        errors += e
    return targets, fetched, errors


def fetch_all(
    targets: list[Target], settings: Settings, validators: dict[str, Validators]
) -> tuple[list[Fetched], list[IngestError]]:
    """Read files and download URLs. Threads overlap network waits; the client keeps hosts polite."""
    client = HttpClient(settings)
    out: list[Fetched] = []
    errors: list[IngestError] = []
    unique = list({t.uri: t for t in targets}.values())

    def read(target: Target) -> Fetched | IngestError:
        if target.kind == "file":
            try:
                return Fetched(target, Path(target.uri).read_bytes(), datetime.now(timezone.utc))
            except OSError as exc:
                return IngestError(target.uri, "fetch", "unreadable", f"cannot read {target.uri}: {exc.strerror}")
        return fetch_one(client, target, validators.get(target.uri))

    with progress("fetch") as bar, ThreadPoolExecutor(max_workers=8) as pool:
        task = bar.add_task("fetch", total=len(unique))
        for result in pool.map(read, unique):
            (errors if isinstance(result, IngestError) else out).append(result)
            bar.advance(task)
    return out, errors


def clean_all(fetched: list[Fetched], workers: int, min_chars: int) -> tuple[list[Cleaned], list[IngestError]]:
    todo = [f for f in fetched if not f.not_modified]
    work = functools.partial(clean_one, min_chars=min_chars)
    cleaned: list[Cleaned] = []
    errors: list[IngestError] = []
    with progress("clean") as bar:
        task = bar.add_task("clean", total=len(todo))
        if len(todo) < POOL_THRESHOLD or workers <= 1:
            results = map(work, todo)
            pool = None
        else:
            # forkserver: forking a process that runs Prefect's threads can deadlock.
            ctx = multiprocessing.get_context("forkserver")
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx)
            results = pool.map(work, todo, chunksize=8)
        try:
            for result in results:
                (errors if isinstance(result, IngestError) else cleaned).append(result)
                bar.advance(task)
        finally:
            if pool:
                pool.shutdown()
    return cleaned, errors
