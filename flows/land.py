"""Land cleaned documents in ``raw``: append-only, one row per distinct version."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

import duckdb
import pandas as pd

from flows.fetch import Validators
from flows.records import Cleaned, IngestError, doc_id_for


@dataclass
class LandingSummary:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    failed: int = 0
    new_doc_ids: list[str] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.new + self.changed + self.unchanged


def known_validators(con: duckdb.DuckDBPyConnection) -> dict[str, Validators]:
    """The last ETag / Last-Modified per URL, for conditional requests."""
    rows = con.execute(
        """
        SELECT source_uri, etag, last_modified FROM raw.documents
        WHERE source_kind = 'url'
        QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY version DESC) = 1
        """
    ).fetchall()
    return {uri: Validators(etag, lm) for uri, etag, lm in rows if etag or lm}


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, sources: list[str]) -> None:
    con.execute(
        "INSERT INTO raw.ingest_runs (run_id, started_at, status, sources) VALUES (?, ?, 'running', ?)",
        [run_id, datetime.now(timezone.utc), sources],
    )


def finish_run(
    con: duckdb.DuckDBPyConnection, run_id: str, summary: LandingSummary, status: str, message: str | None = None
) -> None:
    con.execute(
        """
        UPDATE raw.ingest_runs SET ended_at = ?, status = ?, docs_seen = ?, docs_new = ?, docs_changed = ?,
               docs_unchanged = ?, docs_failed = ?, message = ?
        WHERE run_id = ?
        """,
        [datetime.now(timezone.utc), status, summary.seen, summary.new, summary.changed, summary.unchanged,
         summary.failed, message, run_id],
    )


def land(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    cleaned: list[Cleaned],
    not_modified: list[str],
    errors: list[IngestError],
) -> LandingSummary:
    summary = LandingSummary(unchanged=len(not_modified), failed=len(errors))
    latest = dict(
        con.execute(
            """
            SELECT doc_id, struct_pack(version := version, content_hash := content_hash) FROM raw.documents
            QUALIFY row_number() OVER (PARTITION BY doc_id ORDER BY version DESC) = 1
            """
        ).fetchall()
    )
    now = datetime.now(timezone.utc)
    rows, blobs, seen_ids = [], {}, set()
    for doc in cleaned:
        if doc.doc_id in seen_ids:  # the same page listed by two feeds in one run
            continue
        seen_ids.add(doc.doc_id)
        prior = latest.get(doc.doc_id)
        if prior and prior["content_hash"] == doc.content_hash:
            summary.unchanged += 1
            continue
        version = prior["version"] + 1 if prior else 1
        if prior:
            summary.changed += 1
        else:
            summary.new += 1
            summary.new_doc_ids.append(doc.doc_id)
        blobs[doc.raw_hash] = doc.content
        rows.append({
            "doc_id": doc.doc_id, "version": version, "content_hash": doc.content_hash, "raw_hash": doc.raw_hash,
            "source_uri": doc.source_uri, "source_kind": doc.source_kind, "source_format": doc.source_format,
            "discovered_via": doc.discovered_via, "fetched_at": doc.fetched_at, "ingested_at": now,
            "run_id": run_id, "http_status": doc.http_status, "content_type": doc.content_type,
            "etag": doc.etag, "last_modified": doc.last_modified, "title": doc.title, "author": doc.author,
            "published_date": doc.published_date, "date_source": doc.date_source, "site_name": doc.site_name,
            "language": doc.language, "canonical_url": doc.canonical_url, "tags": doc.tags, "text": doc.text,
        })
    con.execute("BEGIN TRANSACTION")
    try:
        if blobs:
            blob_df = pd.DataFrame(
                {"raw_hash": list(blobs), "size_bytes": [len(b) for b in blobs.values()], "content": list(blobs.values())}
            )
            con.register("incoming_blobs", blob_df)
            con.execute("INSERT OR IGNORE INTO raw.blobs SELECT raw_hash, size_bytes, content FROM incoming_blobs")
            con.unregister("incoming_blobs")
        if rows:
            doc_df = pd.DataFrame(rows)
            doc_df["published_date"] = pd.to_datetime(doc_df["published_date"]).dt.date
            con.register("incoming_docs", doc_df)
            cols = ", ".join(doc_df.columns)
            con.execute(f"INSERT INTO raw.documents ({cols}) SELECT {cols} FROM incoming_docs")
            con.unregister("incoming_docs")
        if errors:
            con.executemany(
                "INSERT INTO raw.ingest_errors VALUES (?, ?, ?, ?, ?, ?)",
                [[run_id, e.source, e.stage, e.error_kind, e.message, now] for e in errors],
            )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return summary


__all__ = ["LandingSummary", "known_validators", "land", "start_run", "finish_run", "doc_id_for"]
