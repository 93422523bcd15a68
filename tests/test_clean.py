"""Cleaning rules on small inputs written for the tests."""
from datetime import date, datetime, timezone

import pytest

from flows.clean import (
    CleaningError, clean, decode, drop_boilerplate, find_published_date, load_rules, markdown_to_text,
    normalize_text,
)
from flows.records import Fetched, Target


def fetched(name: str, content: bytes) -> Fetched:
    return Fetched(Target(f"/tmp/{name}", "file"), content, datetime.now(timezone.utc))


def test_emphasis_split_inside_a_word_is_repaired():
    assert normalize_text("has invested m**ore than $2 million**") == "has invested more than $2 million"


def test_invisible_and_non_breaking_characters_are_normalised():
    text = "United\u00a0States co\u00adoperation\u200b  on   cobre\u0301"
    assert normalize_text(text) == "United States cooperation on cobré"


def test_boilerplate_lines_and_contact_blocks_are_dropped():
    text = "\n".join([
        "Real sentence about copper exports.", "", "Media Contact", "Jane Roe", "+1 555 0100",
        "jane@example.com", "", "View source version on wire.example: https://wire.example/x",
        "Scroll to Top", "×", "(END) ABC/XYZ", "###", "Another real sentence that stays.",
    ])
    cleaned = drop_boilerplate(text, load_rules())
    assert cleaned.split("\n")[0] == "Real sentence about copper exports."
    for gone in ("Jane Roe", "555", "View source", "Scroll to Top", "×", "(END)", "###"):
        assert gone not in cleaned
    assert "Another real sentence that stays." in cleaned


def test_publication_lines_give_the_date():
    rules = load_rules()
    assert find_published_date("Body text.\n\nPublished: 8/27/2025", rules) == date(2025, 8, 27)
    assert find_published_date("LIMA, Peru, Nov. 15, 2024 /Wire/ -- The ministry said", rules) == date(2024, 11, 15)


def test_markdown_loses_link_and_image_syntax_but_keeps_link_text():
    text, heading = markdown_to_text("# Title\n\nPeru joined the [Artemis Accords](https://x.example).\n\n"
                                     "![photo](https://x.example/p.jpg)\n\n[Subscribe](https://x.example/s)\n")
    assert heading == "Title"
    assert "Peru joined the Artemis Accords." in text
    assert "](" not in text and "photo" not in text and "Subscribe" not in text


def test_front_matter_feeds_metadata():
    doc = clean(fetched("a.md", b"---\ntitle: A title\ndate: 2024-11-15\nsource_url: https://x.example/a\n"
                        b"tags: [mining]\n---\n\nThe United States and Peru signed an agreement on copper.\n"), min_chars=10)
    assert (doc.title, doc.published_date, doc.canonical_url, doc.tags) == (
        "A title", date(2024, 11, 15), "https://x.example/a", ["mining"])


@pytest.mark.parametrize("content,kind", [
    (b"", "empty"), (b"   \n", "empty"), (b"\x00\x01\x02binary", "binary"), (b"caf\xe9 au lait", "encoding"),
])
def test_bad_bytes_raise_a_named_error(content, kind):
    with pytest.raises(CleaningError) as err:
        decode(content)
    assert err.value.kind == kind


def test_too_little_text_is_refused_with_the_count():
    with pytest.raises(CleaningError) as err:
        clean(fetched("short.txt", b"Peru exports copper.\n"))
    assert err.value.kind == "no_text" and "20 characters" in str(err.value)


def test_a_stray_file_in_a_glob_is_reported_and_the_rest_still_read(tmp_path):
    from flows.sources import SourceSpec, expand_local

    for name in ("a.txt", "b.pdf", "c.md"):
        (tmp_path / name).write_text("x")
    targets, errors = expand_local(SourceSpec(str(tmp_path / "*")))
    assert sorted(t.uri.rsplit("/", 1)[-1] for t in targets) == ["a.txt", "c.md"]
    assert [(e.source.rsplit("/", 1)[-1], e.error_kind) for e in errors] == [("b.pdf", "unsupported_format")]
