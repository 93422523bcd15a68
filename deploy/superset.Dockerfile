# Superset with duckdb-engine, so it can read pressmine's published DuckDB snapshot (read-only).
FROM apache/superset:4.1.2
USER root
RUN pip install --no-cache-dir "duckdb==2.0.0" "duckdb-engine>=0.13"
USER superset
