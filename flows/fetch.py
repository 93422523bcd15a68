"""The HTTP client: timeouts, retries with backoff, conditional requests, size cap, politeness."""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlparse

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from flows.records import Fetched, IngestError, Target
from flows.settings import Settings

ACCEPTED_TYPES = {
    "text/html", "application/xhtml+xml", "text/plain", "text/markdown", "text/x-markdown",
    "application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml",
}
RETRY_STATUSES = (429, 500, 502, 503, 504)


class FetchError(Exception):
    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


class _CappedRetry(Retry):
    """Honour Retry-After, but never wait longer than the configured cap."""

    cap_s: float = 60.0

    def get_retry_after(self, response):  # type: ignore[override]
        value = super().get_retry_after(response)
        return None if value is None else min(value, self.cap_s)

    def new(self, **kw):  # keep the cap on the copies urllib3 makes per attempt
        new = super().new(**kw)
        new.cap_s = self.cap_s
        return new


@dataclass
class Validators:
    etag: str | None = None
    last_modified: str | None = None


class HttpClient:
    def __init__(self, settings: Settings):
        self.settings = settings
        retry = _CappedRetry(
            total=settings.max_retries,
            connect=settings.max_retries,
            read=settings.max_retries,
            status=settings.max_retries,
            backoff_factor=settings.backoff_factor_s,
            status_forcelist=RETRY_STATUSES,
            allowed_methods=frozenset({"GET", "HEAD"}),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        retry.cap_s = settings.max_retry_after_s
        self.session = requests.Session()
        adapter = HTTPAdapter(max_retries=retry, pool_maxsize=16)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.session.headers["User-Agent"] = settings.user_agent
        self._host_locks: dict[str, threading.Lock] = {}
        self._host_last: dict[str, float] = {}
        self._guard = threading.Lock()

    def _polite(self, url: str) -> threading.Lock:
        host = urlparse(url).netloc
        with self._guard:
            return self._host_locks.setdefault(host, threading.Lock())

    def get(self, target: Target, validators: Validators | None = None) -> Fetched:
        url = target.uri
        headers = {}
        if validators and validators.etag:
            headers["If-None-Match"] = validators.etag
        if validators and validators.last_modified:
            headers["If-Modified-Since"] = validators.last_modified
        host = urlparse(url).netloc
        with self._polite(url):
            wait = self._host_last.get(host, 0.0) + self.settings.per_host_interval_s - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                resp = self.session.get(
                    url,
                    headers=headers,
                    timeout=(self.settings.connect_timeout_s, self.settings.read_timeout_s),
                    stream=True,
                    allow_redirects=True,
                )
            except requests.exceptions.RetryError as exc:
                raise FetchError("retries_exhausted", f"gave up on {url} after {self.settings.max_retries} retries: {exc}") from exc
            except requests.exceptions.Timeout as exc:
                raise FetchError("timeout", f"{url} did not answer in time ({exc})") from exc
            except requests.exceptions.ConnectionError as exc:
                raise FetchError("connection", f"could not connect to {url}: {exc}") from exc
            except requests.exceptions.RequestException as exc:
                raise FetchError("request", f"request to {url} failed: {exc}") from exc
            finally:
                self._host_last[host] = time.monotonic()
            with resp:
                return self._read(target, resp)

    def _read(self, target: Target, resp: requests.Response) -> Fetched:
        now = datetime.now(timezone.utc)
        common = dict(
            target=target,
            fetched_at=now,
            http_status=resp.status_code,
            content_type=resp.headers.get("Content-Type"),
            etag=resp.headers.get("ETag"),
            last_modified=resp.headers.get("Last-Modified"),
        )
        if resp.status_code == 304:
            return Fetched(content=None, not_modified=True, **common)
        if resp.status_code >= 400:
            raise FetchError(
                f"http_{resp.status_code}",
                f"HTTP {resp.status_code} {resp.reason} for {target.uri}; check the address "
                "or disable the source in sources.yml",
            )
        ctype = (resp.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype and ctype not in ACCEPTED_TYPES:
            raise FetchError("content_type", f"{target.uri} serves {ctype}, not a page, text or feed")
        declared = resp.headers.get("Content-Length")
        cap = self.settings.max_response_bytes
        if declared and declared.isdigit() and int(declared) > cap:
            raise FetchError("too_large", f"{target.uri} is {declared} bytes, over the {cap}-byte cap")
        chunks, size = [], 0
        for chunk in resp.iter_content(64 * 1024):
            size += len(chunk)
            if size > cap:
                raise FetchError("too_large", f"{target.uri} is over the {cap}-byte cap")
            chunks.append(chunk)
        return Fetched(content=b"".join(chunks), **common)


def fetch_one(client: HttpClient, target: Target, validators: Validators | None) -> Fetched | IngestError:
    try:
        return client.get(target, validators)
    except FetchError as exc:
        return IngestError(target.uri, "fetch", exc.kind, str(exc))
