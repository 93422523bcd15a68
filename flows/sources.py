"""Source specs (sources.yml and the command line) and their expansion into documents to read."""
from __future__ import annotations

import glob
from dataclasses import dataclass
from pathlib import Path

import feedparser
import lxml.etree
import yaml

from flows.clean import SUPPORTED_EXT
from flows.fetch import HttpClient, Validators, fetch_one
from flows.records import Fetched, IngestError, Target

SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
MAX_SITEMAP_DEPTH = 3


@dataclass
class SourceSpec:
    location: str
    kind: str = "auto"  # auto | path | page | feed | sitemap
    enabled: bool = True
    name: str | None = None

    @property
    def is_remote(self) -> bool:
        return self.location.startswith(("http://", "https://"))


def parse_cli_source(value: str) -> SourceSpec:
    """``feed:URL`` and ``sitemap:URL`` force a kind; anything else is detected."""
    for kind in ("feed", "sitemap", "page"):
        if value.startswith(f"{kind}:") and not value.startswith(f"{kind}://"):
            return SourceSpec(value[len(kind) + 1 :], kind)
    return SourceSpec(value)


def load_sources_file(path: Path) -> list[SourceSpec]:
    if not path.exists():
        raise FileNotFoundError(f"no sources file at {path}; name sources on the command line or create it")
    spec = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for i, entry in enumerate(spec.get("sources", [])):
        location = entry.get("path") or entry.get("url")
        if not location:
            raise ValueError(f"{path}: source #{i + 1} has neither 'path' nor 'url'")
        if entry.get("path") and not Path(location).is_absolute():
            location = str((path.parent / location))
        out.append(
            SourceSpec(location, entry.get("kind", "auto"), bool(entry.get("enabled", True)), entry.get("name"))
        )
    return out


def expand_local(spec: SourceSpec) -> tuple[list[Target], list[IngestError]]:
    pattern = spec.location
    paths = [Path(p) for p in glob.glob(pattern, recursive=True)] if glob.has_magic(pattern) else [Path(pattern)]
    targets: list[Target] = []
    errors: list[IngestError] = []
    for p in paths:
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_EXT)
        elif p.is_file():
            files = [p]
        else:
            errors.append(IngestError(spec.location, "discover", "not_found", f"no file or directory matches {pattern}"))
            continue
        for f in files:
            if f.suffix.lower() in SUPPORTED_EXT:
                targets.append(Target(str(f.resolve()), "file"))
            else:  # one stray file must not hide the others the glob matched
                errors.append(IngestError(
                    str(f), "discover", "unsupported_format",
                    f"{f.name}: only {', '.join(sorted(SUPPORTED_EXT))} files are read",
                ))
    if not targets and not errors:
        errors.append(IngestError(spec.location, "discover", "not_found", f"{pattern} holds no readable documents"))
    return targets, errors


def _looks_like(content: bytes) -> str:
    head = content[:2048].lstrip().lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    return "page"


def feed_links(content: bytes) -> list[str]:
    parsed = feedparser.parse(content)
    if parsed.bozo and not parsed.entries:
        raise ValueError(f"not a readable RSS/Atom feed: {parsed.bozo_exception}")
    return [e.link for e in parsed.entries if getattr(e, "link", None)]


def sitemap_links(content: bytes) -> tuple[list[str], list[str]]:
    """Return (page URLs, nested sitemap URLs)."""
    root = lxml.etree.fromstring(content, parser=lxml.etree.XMLParser(resolve_entities=False, no_network=True))
    locs = [el.text.strip() for el in root.iter(f"{SITEMAP_NS}loc", "loc") if el.text]
    if root.tag.endswith("sitemapindex"):
        return [], locs
    return locs, []


def expand_remote(
    spec: SourceSpec, client: HttpClient, validators: Validators | None = None, depth: int = 0
) -> tuple[list[Target], list[Fetched], list[IngestError]]:
    """A page comes back already fetched; feeds and sitemaps come back as the targets they list.

    ``validators`` are the page's last ETag/Last-Modified, so a page named directly is not
    downloaded again when unchanged.
    """
    target = Target(spec.location, "url")
    got = fetch_one(client, target, validators)
    if isinstance(got, IngestError):
        got.stage = "discover" if spec.kind in ("feed", "sitemap") else "fetch"
        return [], [], [got]
    if got.not_modified:
        return [], [got], []
    kind = spec.kind if spec.kind not in ("auto",) else _looks_like(got.content or b"")
    if kind == "page":
        return [], [got], []
    try:
        if kind == "feed":
            return [Target(u, "url", spec.location) for u in feed_links(got.content or b"")], [], []
        pages, nested = sitemap_links(got.content or b"")
    except (ValueError, lxml.etree.XMLSyntaxError) as exc:
        return [], [], [IngestError(spec.location, "discover", f"bad_{kind}", f"{spec.location}: {exc}")]
    targets = [Target(u, "url", spec.location) for u in pages]
    errors: list[IngestError] = []
    for child in nested:
        if depth >= MAX_SITEMAP_DEPTH:
            errors.append(IngestError(child, "discover", "sitemap_depth", "sitemap index nested too deeply"))
            continue
        t, _, e = expand_remote(SourceSpec(child, "sitemap"), client, None, depth + 1)
        targets += t
        errors += e
    return targets, [], errors
