"""Cleaning throughput on copies of the sample documents, one process versus two.

Run: .venv/bin/python bench/bench_ingest.py [COPIES]
"""
from __future__ import annotations

import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from flows.ingest import clean_all
from flows.records import Fetched, Target

ROOT = Path(__file__).resolve().parent.parent


def corpus(copies: int) -> list[Fetched]:
    files = sorted(p for p in (ROOT / "seeds").iterdir() if p.is_file())
    now = datetime.now(timezone.utc)
    return [
        Fetched(Target(f"{f.with_name(f'{i}-{f.name}')}", "file"), f.read_bytes(), now)
        for i in range(copies) for f in files
    ]


def main() -> None:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    docs = corpus(copies)
    for workers in (1, 2):
        start = time.perf_counter()
        cleaned, errors = clean_all(docs, workers, 100)
        elapsed = time.perf_counter() - start
        print(f"workers={workers} docs={len(docs)} cleaned={len(cleaned)} errors={len(errors)} "
              f"seconds={elapsed:.2f} docs_per_s={len(docs) / elapsed:.1f}")


if __name__ == "__main__":
    main()
