"""Shared fixtures: an isolated GX project and warehouse per test, and a real HTTP server on 127.0.0.1."""
from __future__ import annotations

import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_CORPUS = SHARED / "corpus" / "seeds"

os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ["PRESSMINE_PER_HOST_INTERVAL_S"] = "0"
os.environ["PRESSMINE_BACKOFF_FACTOR_S"] = "0.05"

needs_shared = pytest.mark.skipif(
    not SEED_CORPUS.is_dir(), reason=f"{SEED_CORPUS} is absent (the shared corpus sits beside the repo in CI)"
)


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    """A warehouse path and a private copy of the committed GX project, so tests never touch the repo's."""
    gx_dir = tmp_path / "expectations"
    shutil.copytree(ROOT / "expectations", gx_dir, ignore=shutil.ignore_patterns("uncommitted"))
    monkeypatch.setenv("PRESSMINE_GX_PROJECT_DIR", str(gx_dir))
    return tmp_path


def run_pipeline(sources: list[str], warehouse: Path) -> dict:
    from flows.pipeline import pipeline

    return pipeline(sources=sources, warehouse=str(warehouse))


def query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


class Site:
    """Pages the test server serves; tests change them between runs."""

    def __init__(self):
        self.pages: dict[str, tuple[str, bytes]] = {}
        self.fail_first: dict[str, int] = {}
        self.hits: dict[str, list[int]] = {}
        self.base = ""

    def put(self, path: str, body: str | bytes, ctype: str = "text/html; charset=utf-8") -> None:
        self.pages[path] = (ctype, body.encode() if isinstance(body, str) else body)


@pytest.fixture
def site():
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep test output readable
            pass

        def do_GET(self):
            path = self.path.split("?")[0]
            if state.fail_first.get(path, 0) > 0:
                state.fail_first[path] -= 1
                state.hits.setdefault(path, []).append(500)
                self.send_response(500)
                self.end_headers()
                return
            if path not in state.pages:
                state.hits.setdefault(path, []).append(404)
                self.send_error(404)
                return
            ctype, body = state.pages[path]
            etag = '"%x"' % (hash(body) & 0xFFFFFFFF)
            if self.headers.get("If-None-Match") == etag:
                state.hits.setdefault(path, []).append(304)
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            state.hits.setdefault(path, []).append(200)
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("ETag", etag)
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def article(title: str, body: str) -> str:
    """An HTML page with the boilerplate real sites carry around the article."""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<meta property="article:published_time" content="2025-05-02"></head><body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About</a></nav>
<article><h1>{title}</h1>{''.join(f'<p>{p}</p>' for p in body.split('|'))}</article>
<aside><h2>Related stories</h2><ul><li><a href="/x">Other story one</a></li><li><a href="/y">Other story two</a></li></ul></aside>
<footer>Copyright 2025 Example Newsroom. <a href="/privacy">Privacy</a></footer></body></html>"""
