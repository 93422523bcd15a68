"""One row per sentence of the latest version of each document, with character offsets.

A Python model because sentence boundaries need look-ahead and an abbreviation list
(seed `sentence_abbreviations`), which DuckDB's RE2 regular expressions cannot express.
"""
import re

import pandas as pd

BOUNDARY = re.compile(r"[.!?][\"”’)\]]*\s+(?=[\"“‘(¿¡]?[A-Z0-9ÁÉÍÓÚÑ$])")


def split_sentences(text: str, abbreviations: set[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start = pos
        pos += len(line) + 1
        if not line.strip():
            continue
        cut = 0
        for m in BOUNDARY.finditer(line):
            word = line[:m.start() + 1].rsplit(None, 1)[-1].lstrip("(\"“")
            if word in abbreviations or re.fullmatch(r"[A-Z]\.", word):
                continue
            spans.append((start + cut, start + m.start() + 1 + len(m.group(0)[1:].rstrip())))
            cut = m.end()
        spans.append((start + cut, start + len(line.rstrip())))
    return [(a, b) for a, b in spans if b > a]


def model(dbt, session):
    dbt.config(materialized="table")
    abbreviation_rel = dbt.ref("sentence_abbreviations")
    docs_rel = dbt.ref("stg_documents")
    abbreviations = set(abbreviation_rel.df()["abbreviation"])
    docs = docs_rel.df()
    rows = []
    for doc_id, text in zip(docs["doc_id"], docs["text"]):
        for n, (a, b) in enumerate(split_sentences(text, abbreviations), start=1):
            sentence = text[a:b].strip()
            if sentence:
                rows.append((doc_id, n, a, b, sentence))
    return pd.DataFrame(rows, columns=["doc_id", "sentence_no", "char_start", "char_end", "sentence"]).astype(
        {"sentence_no": "int32", "char_start": "int32", "char_end": "int32"}
    )
