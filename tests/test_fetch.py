"""Fetching through a real HTTP server on 127.0.0.1: page, feed, sitemap, retries, 404, 304, new versions."""
from conftest import article, query, run_pipeline

RSS = """<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>
<item><title>A</title><link>{base}/a.html</link></item>
<item><title>B</title><link>{base}/b.html</link></item></channel></rss>"""
SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/c.html</loc></url><url><loc>{base}/flaky.html</loc></url><url><loc>{base}/missing.html</loc></url>
</urlset>"""


def body(topic: str) -> str:
    return (f"The United States and Peru signed a memorandum of understanding on {topic} in Lima on Monday.|"
            f"USAID has invested more than $12 million in {topic} programmes for Peruvian communities since 2020.|"
            "Officials said the cooperation covers copper and lithium exploration in the southern regions.")


def test_pages_feeds_sitemaps_retries_errors_and_conditional_requests(workspace, site):
    site.put("/mou.html", article("MOU on minerals", body("critical minerals")))
    site.put("/a.html", article("Story A", body("water security")))
    site.put("/b.html", article("Story B", body("port security")))
    site.put("/c.html", article("Story C", body("space cooperation")))
    site.put("/flaky.html", article("Flaky", body("rail transport")))
    site.put("/feed.xml", RSS.format(base=site.base), "application/rss+xml")
    site.put("/sitemap.xml", SITEMAP.format(base=site.base), "application/xml")
    site.fail_first["/flaky.html"] = 1
    sources = [f"{site.base}/mou.html", f"{site.base}/feed.xml", f"{site.base}/sitemap.xml"]
    warehouse = workspace / "web.duckdb"

    first = run_pipeline(sources, warehouse)
    assert first["new"] == 5
    assert site.hits["/flaky.html"] == [500, 200]
    errors = query(warehouse, "SELECT source, stage, error_kind, message FROM raw.ingest_errors")
    assert [(e[1], e[2]) for e in errors] == [("fetch", "http_404")]
    assert errors[0][0].endswith("/missing.html") and "404" in errors[0][3]
    via = dict(query(warehouse, "SELECT regexp_extract(source_uri, '[^/]+$'), discovered_via FROM raw.documents"))
    assert via["a.html"].endswith("/feed.xml") and via["c.html"].endswith("/sitemap.xml")
    assert via["mou.html"] is None

    site.put("/a.html", article("Story A", body("water security") + "|A new paragraph was added on Tuesday."))
    second = run_pipeline(sources, warehouse)
    assert (second["new"], second["changed"], second["unchanged"]) == (0, 1, 4)
    assert site.hits["/mou.html"][-1] == 304 and site.hits["/b.html"][-1] == 304
    versions = query(warehouse, "SELECT version FROM raw.documents WHERE source_uri LIKE '%/a.html' ORDER BY 1")
    assert versions == [(1,), (2,)]
    latest = query(warehouse, "SELECT text FROM staging.stg_documents WHERE source_uri LIKE '%/a.html'")[0][0]
    assert "A new paragraph was added" in latest
