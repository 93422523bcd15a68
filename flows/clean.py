"""Turn fetched bytes into clean text plus metadata (trafilatura for HTML, markdown-it for Markdown)."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import frontmatter
import lxml.html
import trafilatura
import yaml
from dateutil import parser as dateparser
from markdown_it import MarkdownIt

from flows.records import Cleaned, Fetched, IngestError, sha256

RULES_FILE = Path(__file__).parent / "rules" / "cleaning.yml"
HTML_EXT = {".html", ".htm"}
MARKDOWN_EXT = {".md", ".markdown"}
TEXT_EXT = {".txt"}
SUPPORTED_EXT = HTML_EXT | MARKDOWN_EXT | TEXT_EXT


class CleaningError(Exception):
    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Rules:
    drop: tuple[re.Pattern, ...]
    contact_start: tuple[re.Pattern, ...]
    contact_max_chars: int
    date_lines: tuple[re.Pattern, ...]


@lru_cache(maxsize=1)
def load_rules(path: Path = RULES_FILE) -> Rules:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    flags = re.IGNORECASE
    return Rules(
        drop=tuple(re.compile(r["pattern"], flags) for r in spec["drop_lines"]),
        contact_start=tuple(re.compile(p, flags) for p in spec["contact_block_start"]),
        contact_max_chars=int(spec["contact_block_line_max_chars"]),
        date_lines=tuple(re.compile(p, flags) for p in spec["date_lines"]),
    )


# --- text normalisation -------------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
# Emphasis markers split inside a word ("m**ore") are markup accidents, never prose.
_INWORD_EMPHASIS = re.compile(r"(?<=\w)(\*\*|__|\*)(?=\w)")
_STRAY_STARS = re.compile(r"\*+")


def normalize_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INWORD_EMPHASIS.sub("", text)
    text = _STRAY_STARS.sub("", text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r" ([.,;:])(?=\s|$)", r"\1", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- decoding -----------------------------------------------------------------------------------


def decode(content: bytes, declared_charset: str | None = None) -> str:
    if not content or not content.strip():
        raise CleaningError("empty", "the document is empty; nothing to ingest")
    head = content[:4096]
    if b"\x00" in head:
        raise CleaningError("binary", "the file holds binary data (NUL bytes), not text or HTML")
    encoding = declared_charset or "utf-8"
    try:
        return content.decode(encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        pos = getattr(exc, "start", "?")
        raise CleaningError(
            "encoding",
            f"not valid {encoding} (first bad byte at offset {pos}); re-save the file as UTF-8 "
            "or declare its charset",
        ) from exc


def _charset(content_type: str | None) -> str | None:
    if content_type and "charset=" in content_type:
        return content_type.split("charset=")[-1].split(";")[0].strip().strip('"') or None
    return None


# --- boilerplate and dates ----------------------------------------------------------------------


def drop_boilerplate(text: str, rules: Rules) -> str:
    out: list[str] = []
    in_contact = False
    for line in text.split("\n"):
        s = line.strip()
        if in_contact:
            short = len(s) <= rules.contact_max_chars and not re.search(r"[a-z]{3,}[.!?]$", s)
            if not s or short:
                continue
            in_contact = False
        if any(p.search(s) for p in rules.contact_start) and not s.endswith("."):
            in_contact = True
            continue
        if any(p.search(s) for p in rules.drop):
            continue
        out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def find_published_date(text: str, rules: Rules) -> date | None:
    """The first date line that carries a full date (a month and day alone give no year to trust)."""
    for line in text.split("\n"):
        s = line.strip()
        for pattern in rules.date_lines:
            m = pattern.search(s)
            if m:
                raw = m.group("date").strip().rstrip(".")
                parsed = parse_date(raw) if re.search(r"\d{4}", raw) else None
                if parsed:
                    return parsed
                break
    return None


def parse_date(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return dateparser.parse(str(value), fuzzy=False).date()
    except (ValueError, OverflowError, TypeError):
        return None


# --- Markdown -----------------------------------------------------------------------------------

_MD = MarkdownIt("commonmark")
_MARKDOWN_HINTS = re.compile(r"(^#{1,6} |!\[|\]\(|\*\*|^-{3}\s*$|^[-*] {1,3}\S)", re.MULTILINE)


def looks_like_markdown(text: str) -> bool:
    return len(_MARKDOWN_HINTS.findall(text)) >= 2


def _inline_text(token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
    return "".join(parts)


def _only_links(token) -> bool:
    """A paragraph made of nothing but links is navigation, not prose."""
    depth, outside = 0, ""
    for child in token.children or []:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            depth -= 1
        elif depth == 0 and child.type in ("text", "code_inline"):
            outside += child.content
    has_link = any(c.type == "link_open" for c in token.children or [])
    return has_link and not outside.strip()


def markdown_to_text(md: str) -> tuple[str, str | None]:
    """Return the text of a Markdown document and its first heading."""
    blocks: list[str] = []
    heading: str | None = None
    tokens = _MD.parse(md)
    for i, tok in enumerate(tokens):
        if tok.type != "inline":
            continue
        if _only_links(tok):
            continue
        text = _inline_text(tok).strip()
        if not text:
            continue
        if heading is None and i > 0 and tokens[i - 1].type == "heading_open":
            heading = text
        blocks.append(text)
    return "\n\n".join(blocks), heading


# --- plain text ---------------------------------------------------------------------------------


def unwrap_plain(text: str) -> str:
    """Join hard-wrapped lines: a line that ends mid-sentence continues when the next starts lowercase."""
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        if out and out[-1] and line[:1].islower() and not re.search(r"[.!?:;\"”)]$", out[-1]):
            out[-1] = f"{out[-1]} {line.strip()}"
        else:
            out.append(line)
    return "\n".join(out)


# --- per format ---------------------------------------------------------------------------------


def detect_format(uri: str, content_type: str | None) -> str:
    ct = (content_type or "").split(";")[0].strip().lower()
    if ct in ("text/html", "application/xhtml+xml"):
        return "html"
    if ct in ("text/markdown", "text/x-markdown"):
        return "markdown"
    suffix = Path(urlparse(uri).path).suffix.lower()
    if suffix in HTML_EXT:
        return "html"
    if suffix in MARKDOWN_EXT:
        return "markdown"
    if suffix in TEXT_EXT or ct == "text/plain":
        return "text"
    if not suffix and uri.startswith("http"):
        return "html"
    raise CleaningError("unsupported_format", f"cannot tell the format of {uri} (content type {ct or 'unknown'})")


def _html_lang(html: str) -> str | None:
    try:
        root = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None
    lang = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    return lang.split("-")[0].lower() if lang else None


def clean_html(html: str, url: str | None) -> dict:
    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_tables=True, include_comments=False, favor_precision=True
    )
    if doc is None or not (doc.text or "").strip():
        raise CleaningError("no_text", "trafilatura found no article text on the page (empty or navigation only)")
    return {
        "text": doc.text,
        "title": doc.title,
        "author": doc.author,
        "published_date": parse_date(doc.date),
        "date_source": "html_metadata" if doc.date else None,
        "site_name": doc.sitename,
        "language": doc.language or _html_lang(html),
        "canonical_url": doc.url,
        "tags": [t for t in (doc.tags or []) if t],
    }


def clean_markdown(text: str) -> dict:
    post = frontmatter.loads(text)
    meta = post.metadata or {}
    body, heading = markdown_to_text(post.content)
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    return {
        "text": body,
        "title": meta.get("title") or heading,
        "author": meta.get("author"),
        "published_date": parse_date(meta.get("date") or meta.get("published_time")),
        "date_source": "front_matter" if meta.get("date") or meta.get("published_time") else None,
        "site_name": meta.get("site_name"),
        "language": meta.get("language") or meta.get("lang"),
        "canonical_url": meta.get("source_url") or meta.get("url"),
        "tags": [str(t) for t in tags],
    }


def clean_plain(text: str) -> dict:
    if text.lstrip().startswith("---") or looks_like_markdown(text):
        return clean_markdown(text)
    body = unwrap_plain(text)
    first = next((line.strip() for line in body.split("\n") if line.strip()), None)
    title = first if first and len(first) <= 200 and not first.endswith(".") else None
    return {"text": body, "title": title, "tags": []}


def clean(fetched: Fetched, min_chars: int = 100) -> Cleaned:
    uri = fetched.target.uri
    content = fetched.content or b""
    fmt = detect_format(uri, fetched.content_type)
    text = decode(content, _charset(fetched.content_type))
    if fmt == "html":
        if "<" not in text[:2048]:
            raise CleaningError("not_html", "the file is named as HTML but holds no markup")
        fields = clean_html(text, uri if uri.startswith("http") else None)
    elif fmt == "markdown":
        fields = clean_markdown(text)
    else:
        fields = clean_plain(text)

    rules = load_rules()
    raw_text = normalize_text(fields.pop("text"))
    if not fields.get("published_date"):
        found = find_published_date(raw_text, rules)
        if found:
            fields["published_date"], fields["date_source"] = found, "text"
    body = drop_boilerplate(raw_text, rules)
    if len(body) < min_chars:
        raise CleaningError(
            "no_text", f"only {len(body)} characters of article text remain after cleaning (minimum {min_chars})"
        )
    if fields.get("title"):
        fields["title"] = normalize_text(str(fields["title"]))
    return Cleaned(
        source_uri=uri,
        source_kind=fetched.target.kind,
        source_format=fmt,
        discovered_via=fetched.target.discovered_via,
        raw_hash=sha256(content),
        content=content,
        fetched_at=fetched.fetched_at,
        http_status=fetched.http_status,
        content_type=fetched.content_type,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        text=body,
        **fields,
    )


def clean_one(fetched: Fetched, min_chars: int = 100) -> Cleaned | IngestError:
    """Process-pool entry point: never raises, so one bad document cannot stop a batch."""
    try:
        return clean(fetched, min_chars)
    except CleaningError as exc:
        return IngestError(fetched.target.uri, "clean", exc.kind, str(exc))
    except Exception as exc:  # trafilatura/lxml raise many types on hostile input
        return IngestError(fetched.target.uri, "clean", type(exc).__name__, f"cleaning failed: {exc}")
