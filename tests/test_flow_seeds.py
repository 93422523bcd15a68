"""The real flow over the five shared seed documents: landing, dates, boilerplate, idempotency, scores."""
import json
import subprocess
import sys

from conftest import SEED_CORPUS, SHARED, needs_shared, query, run_pipeline

BOILERPLATE = ("View source version on", "Scroll to Top", "Contact Details", "kreynolds@", "Original/Source")


@needs_shared
def test_seed_documents_land_once_with_dates_and_meet_the_score_bar(workspace):
    warehouse = workspace / "seeds.duckdb"
    first = run_pipeline([str(SEED_CORPUS)], warehouse)
    assert first["new"] == 5 and first["failed"] == 0

    docs = dict(query(warehouse, "SELECT regexp_extract(source_uri, '[^/]+$'), published_date FROM raw.documents"))
    assert len(docs) == 5
    assert str(docs["004_f6ce622dd58cd100.txt"]) == "2024-11-15"
    assert str(docs["002_9768119104c81d51.txt"]) == "2025-08-27"
    for (text,) in query(warehouse, "SELECT text FROM raw.documents"):
        lines = [line.strip() for line in text.split("\n")]
        assert "×" not in lines
        assert not [b for b in BOILERPLATE if b in text]

    runs_before = query(warehouse, "SELECT count(*) FROM raw.ingest_runs")[0][0]
    marts_before = query(warehouse, "SELECT count(*) FROM marts.funding")[0][0]
    second = run_pipeline([str(SEED_CORPUS)], warehouse)
    assert (second["new"], second["changed"], second["unchanged"]) == (0, 0, 5)
    assert query(warehouse, "SELECT count(*) FROM raw.documents")[0][0] == 5
    assert query(warehouse, "SELECT count(*) FROM raw.ingest_runs")[0][0] == runs_before + 1
    assert query(warehouse, "SELECT count(*) FROM marts.funding")[0][0] == marts_before

    published = workspace / "published" / "warehouse.duckdb"
    out = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), "--warehouse", str(published),
         "--gold", str(SHARED / "eval" / "gold"), "--json"],
        capture_output=True, text=True, check=True,
    )
    summary = json.loads(out.stdout)["summary"]
    print(json.dumps(summary, indent=1))
    assert summary["agreements"]["f1"] >= 0.90
    assert summary["funding"]["f1"] >= 0.95
    assert summary["minerals"]["f1"] >= 0.95
    assert summary["mineral_facts"]["f1"] >= 0.80
