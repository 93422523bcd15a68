"""Write-audit-publish: a failing expectation blocks publishing; readers are never locked out."""
import pytest
import sqlalchemy

from conftest import query, run_pipeline
from flows.pipeline import QualityGateFailed

@pytest.fixture
def published(workspace):
    """A folder with one good document, run through the pipeline and published; returns (folder, warehouse)."""
    src = workspace / "docs"
    src.mkdir()
    (src / "good.md").write_text(GOOD, encoding="utf-8")
    warehouse = workspace / "w.duckdb"
    run_pipeline([str(src)], warehouse)
    return src, warehouse


GOOD = ("---\ntitle: Copper news\ndate: 2025-03-01\n---\n\nThe United States and Peru signed a memorandum of "
        "understanding on critical minerals. USAID has invested more than $3 million in copper training.\n")


def test_broken_data_fail_the_gate_and_leave_the_snapshot_byte_identical(workspace, published):
    src, warehouse = published
    snapshot = workspace / "published" / "warehouse.duckdb"
    manifest = workspace / "published" / "manifest.json"
    before = (snapshot.read_bytes(), manifest.read_bytes())

    # Test-only input: an amount no real commitment reaches.
    (src / "absurd.md").write_text(
        "---\ntitle: Absurd\ndate: 2025-03-02\n---\n\nThe fund invested $900 trillion in copper mines in Peru, "
        "officials of the ministry said in Lima on Monday.\n",
        encoding="utf-8")
    with pytest.raises(QualityGateFailed) as failure:
        run_pipeline([str(src)], warehouse)

    message = str(failure.value)
    assert "funding" in message and "amount_usd" in message and "index.html" in message
    assert (snapshot.read_bytes(), manifest.read_bytes()) == before
    assert query(snapshot, "SELECT count(*) FROM marts.documents")[0][0] == 1
    status = query(warehouse, "SELECT status FROM raw.ingest_runs ORDER BY started_at DESC LIMIT 1")[0][0]
    assert status == "failed_validation"


def test_a_reader_holding_the_snapshot_survives_a_publish_and_sees_new_data_on_reconnect(workspace, published):
    import duckdb

    src, warehouse = published
    snapshot = workspace / "published" / "warehouse.duckdb"

    reader = duckdb.connect(str(snapshot), read_only=True)
    assert reader.execute("SELECT count(*) FROM marts.documents").fetchone()[0] == 1
    (src / "second.md").write_text(GOOD.replace("Copper news", "More copper news").replace("$3", "$4"),
                                   encoding="utf-8")
    run_pipeline([str(src)], warehouse)  # publishes while the reader's connection is open
    assert reader.execute("SELECT count(*) FROM marts.documents").fetchone()[0] == 1
    reader.close()
    assert query(snapshot, "SELECT count(*) FROM marts.documents")[0][0] == 2

    engine = sqlalchemy.create_engine(f"duckdb:///{snapshot}", connect_args={"read_only": True})
    with engine.connect() as con:
        rows = con.execute(sqlalchemy.text("SELECT amount_usd FROM marts.funding ORDER BY 1")).fetchall()
    engine.dispose()
    assert [r[0] for r in rows] == [3_000_000, 4_000_000]


def test_command_line_reads_the_published_snapshot_and_builds_docs(workspace, published):
    import json

    from typer.testing import CliRunner

    from flows.cli import app

    _, warehouse = published
    cli = CliRunner()

    out = cli.invoke(app, ["sql", "SELECT amount_usd, qualifier FROM marts.funding", "-w", str(warehouse),
                           "--format", "json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output) == [{"amount_usd": 3000000.0, "qualifier": "more_than"}]

    bad = cli.invoke(app, ["sql", "DELETE FROM marts.funding", "-w", str(warehouse)])
    assert bad.exit_code == 1 and "read-only" in bad.output.lower()

    status = cli.invoke(app, ["status", "-w", str(warehouse)])
    assert status.exit_code == 0 and "published" in status.output

    docs = cli.invoke(app, ["docs", "-w", str(warehouse), "--no-serve"])
    assert docs.exit_code == 0, docs.output
    site = workspace / "docs_site"
    assert (site / "dbt" / "index.html").exists() and (site / "dbt" / "catalog.json").exists()
    assert (site / "gx" / "index.html").exists()
