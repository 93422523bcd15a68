"""Plain records passed between pipeline stages."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime


def sha256(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()


def doc_id_for(source_uri: str) -> str:
    """A stable id from the source's identity, so every version of one page shares it."""
    return sha256(source_uri)[:16]


@dataclass
class Target:
    """One document to read: a local file or a URL, and how it was found."""

    uri: str
    kind: str  # file | url
    discovered_via: str | None = None  # the feed or sitemap that listed it


@dataclass
class Fetched:
    target: Target
    content: bytes | None
    fetched_at: datetime
    http_status: int | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False


@dataclass
class Cleaned:
    source_uri: str
    source_kind: str
    source_format: str
    discovered_via: str | None
    raw_hash: str
    content: bytes
    fetched_at: datetime
    http_status: int | None
    content_type: str | None
    etag: str | None
    last_modified: str | None
    text: str
    title: str | None = None
    author: str | None = None
    published_date: date | None = None
    date_source: str | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    tags: list[str] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return doc_id_for(self.source_uri)

    @property
    def content_hash(self) -> str:
        return sha256(self.text)


@dataclass
class IngestError:
    source: str
    stage: str  # discover | fetch | clean | land
    error_kind: str
    message: str
