"""The one DuckDB connection helper and the raw-schema DDL."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

RAW_DDL = """
CREATE SCHEMA IF NOT EXISTS raw;
CREATE TABLE IF NOT EXISTS raw.blobs (
    raw_hash      VARCHAR PRIMARY KEY,
    size_bytes    BIGINT NOT NULL,
    content       BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS raw.documents (
    doc_id          VARCHAR NOT NULL,
    version         INTEGER NOT NULL,
    content_hash    VARCHAR NOT NULL,
    raw_hash        VARCHAR NOT NULL,
    source_uri      VARCHAR NOT NULL,
    source_kind     VARCHAR NOT NULL,
    source_format   VARCHAR NOT NULL,
    discovered_via  VARCHAR,
    fetched_at      TIMESTAMPTZ NOT NULL,
    ingested_at     TIMESTAMPTZ NOT NULL,
    run_id          VARCHAR NOT NULL,
    http_status     INTEGER,
    content_type    VARCHAR,
    etag            VARCHAR,
    last_modified   VARCHAR,
    title           VARCHAR,
    author          VARCHAR,
    published_date  DATE,
    date_source     VARCHAR,
    site_name       VARCHAR,
    language        VARCHAR,
    canonical_url   VARCHAR,
    tags            VARCHAR[],
    text            VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, version)
);
CREATE TABLE IF NOT EXISTS raw.ingest_runs (
    run_id          VARCHAR PRIMARY KEY,
    started_at      TIMESTAMPTZ NOT NULL,
    ended_at        TIMESTAMPTZ,
    status          VARCHAR NOT NULL,
    sources         VARCHAR[],
    docs_seen       INTEGER,
    docs_new        INTEGER,
    docs_changed    INTEGER,
    docs_unchanged  INTEGER,
    docs_failed     INTEGER,
    message         VARCHAR
);
CREATE TABLE IF NOT EXISTS raw.ingest_errors (
    run_id          VARCHAR NOT NULL,
    source          VARCHAR NOT NULL,
    stage           VARCHAR NOT NULL,
    error_kind      VARCHAR NOT NULL,
    message         VARCHAR NOT NULL,
    occurred_at     TIMESTAMPTZ NOT NULL
);
"""


@contextmanager
def connect(path: Path | str, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse for as short a time as possible: DuckDB allows one writer process per file."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path), read_only=read_only)
    try:
        yield con
    finally:
        con.close()


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(RAW_DDL)
