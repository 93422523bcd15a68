"""Bad input lands in raw.ingest_errors and the run goes on."""
from conftest import query, run_pipeline


def test_bad_files_are_recorded_and_good_ones_still_land(workspace):
    src = workspace / "docs"
    src.mkdir()
    (src / "good.md").write_text(
        "---\ntitle: Good one\ndate: 2025-02-01\n---\n\nThe United States and Peru signed a memorandum of "
        "understanding on critical minerals. The DFC will provide up to $50 million in financing for copper "
        "processing in Peru.\n", encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "binary.html").write_bytes(bytes(range(256)) * 4)
    (src / "latin1.txt").write_bytes("Peru exportó cobre por valor de 10 millones en el año.".encode("latin-1"))
    (src / "nav.html").write_text("<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>")
    warehouse = workspace / "bad.duckdb"

    result = run_pipeline([str(src)], warehouse)

    assert result["new"] == 1 and result["failed"] == 4
    errors = {row[0].rsplit("/", 1)[-1]: row[1:] for row in
              query(warehouse, "SELECT source, stage, error_kind, message FROM raw.ingest_errors")}
    assert errors["empty.txt"][:2] == ("clean", "empty")
    assert errors["binary.html"][:2] == ("clean", "binary")
    assert errors["latin1.txt"][:2] == ("clean", "encoding") and "UTF-8" in errors["latin1.txt"][2]
    assert errors["nav.html"][:2] == ("clean", "no_text")
    assert query(warehouse, "SELECT status FROM raw.ingest_runs")[0][0] == "published"
    assert query(warehouse, "SELECT count(*) FROM marts.funding")[0][0] == 1
