"""The cleaning stage on a Dask LocalCluster with two workers gives the same warehouse as the default runner."""
from conftest import ROOT, query
from flows.deploy import api_shared_with_workers, dask_runner
from flows.pipeline import pipeline

MARTS = ["documents", "agreement_mentions", "agreements", "funding", "mineral_mentions", "minerals", "mineral_facts"]


def snapshot(path) -> dict[str, list]:
    out = {"raw": sorted(query(path, "SELECT doc_id, version, content_hash, title, published_date FROM raw.documents"))}
    for table in MARTS:
        exclude = " EXCLUDE (ingested_at)" if table == "documents" else ""
        out[table] = sorted(query(path, f"SELECT *{exclude} FROM marts.{table}"), key=repr)
    return out


def test_dask_runner_builds_the_same_warehouse(workspace):
    sources = [str(ROOT / "seeds")]
    default = workspace / "default" / "w.duckdb"
    on_dask = workspace / "dask" / "w.duckdb"

    pipeline(sources=sources, warehouse=str(default))
    with api_shared_with_workers():
        result = pipeline.with_options(task_runner=dask_runner(None, 2))(
            sources=sources, warehouse=str(on_dask), clean_chunks=2
        )

    assert result["new"] == 8
    a, b = snapshot(default), snapshot(on_dask)
    assert len(a["raw"]) == 8 and len(a["funding"]) > 0
    for table in a:
        assert a[table] == b[table], table
