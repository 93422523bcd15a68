"""The quality gate: Great Expectations 1.x validates the built tables before anything is published.

GX 1.x has no DuckDB datasource, so each table is exported with DuckDB to Parquet in a staging folder
(`<warehouse dir>/staging/`), and a pandas filesystem datasource reads those files. The Parquet files that
pass are the very files that get published.
"""
from __future__ import annotations

import csv
import shutil
from contextlib import chdir
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.checkpoint import UpdateDataDocsAction

from flows.db import connect
from flows.settings import PROJECT_ROOT, Settings

DATASOURCE = "pressmine_batches"
CHECKPOINT = "pressmine_gate"
BATCH_SUBDIR = Path("uncommitted") / "batches"

# What each validated (and published) table is, as DuckDB SQL.
TABLES: dict[str, str] = {
    "raw_documents": "SELECT * EXCLUDE (tags) FROM raw.documents",
    "documents": "SELECT * FROM marts.documents",
    "agreement_mentions": "SELECT * FROM marts.agreement_mentions",
    "agreements": "SELECT * FROM marts.agreements",
    "funding": "SELECT * FROM marts.funding",
    "mineral_mentions": "SELECT * FROM marts.mineral_mentions",
    "minerals": "SELECT * FROM marts.minerals",
    "mineral_facts": "SELECT * FROM marts.mineral_facts",
}
MARTS = [t for t in TABLES if t != "raw_documents"]

AGREEMENT_TYPES = ["mou", "trade_agreement", "accord", "declaration", "communique", "framework", "partnership",
                   "other_agreement"]
QUALIFIERS = ["exact", "more_than", "at_least", "nearly", "up_to", "approximately"]
FLOW_TYPES = ["assistance", "grant", "investment", "financing", "donation", "military_sale", "other"]
STATUSES = ["committed", "disbursed", "announced", "planned", "potential", "active"]


def _why(text: str) -> dict:
    return {"why": text}


def _known_doc(column: str = "doc_id") -> gxe.Expectation:
    return gxe.ExpectColumnValuesToBeInSet(
        column=column, value_set={"$PARAMETER": "doc_ids"},
        meta=_why("every curated row must point at a document readers can open in documents"),
    )


def _not_future(column: str) -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column=column, min_value={"$PARAMETER": "min_date"}, max_value={"$PARAMETER": "today"},
            meta=_why(f"{column} in the future or before 1900 is a parsing error"),
        )
    ]


def _key(column: str) -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column=column, meta=_why(f"{column} is the table's key")),
        gxe.ExpectColumnValuesToBeUnique(column=column, meta=_why(f"{column} is the table's key")),
    ]


def _evidence() -> list[gxe.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="doc_id", meta=_why("every curated row carries its document")),
        gxe.ExpectColumnValuesToNotBeNull(column="evidence", meta=_why("every curated row carries its sentence")),
        gxe.ExpectColumnValuesToBeBetween(
            column="confidence", min_value=0, max_value=1, meta=_why("confidence is a probability-like score")
        ),
    ]


def mineral_vocabulary(path: Path = PROJECT_ROOT / "dbt" / "seeds" / "mineral_catalog.csv") -> list[str]:
    with path.open(encoding="utf-8") as fh:
        return sorted(row["mineral"] for row in csv.DictReader(fh))


def build_suites() -> dict[str, list[gxe.Expectation]]:
    minerals = mineral_vocabulary()

    def in_vocab() -> gxe.Expectation:
        return gxe.ExpectColumnValuesToBeInSet(
            column="mineral", value_set=minerals, meta=_why("minerals are canonical names from the mineral_catalog seed")
        )

    return {
        "raw_documents": [
            gxe.ExpectCompoundColumnsToBeUnique(
                column_list=["doc_id", "version"], meta=_why("one row per distinct version of a document")
            ),
            gxe.ExpectColumnValuesToNotBeNull(column="doc_id", meta=_why("doc_id ties versions together")),
            gxe.ExpectColumnValuesToBeInSet(column="source_kind", value_set=["file", "url"],
                                            meta=_why("only files and URLs are read")),
            gxe.ExpectColumnValuesToBeInSet(column="source_format", value_set=["html", "markdown", "text"],
                                            meta=_why("the three formats the cleaner handles")),
            gxe.ExpectColumnValueLengthsToBeBetween(
                column="text", min_value=80, meta=_why("a cleaned text this short means cleaning lost the article")
            ),
            gxe.ExpectTableRowCountToBeBetween(min_value=1, meta=_why("a run that lands nothing is broken")),
            *_not_future("published_date"),
        ],
        "documents": [
            *_key("doc_id"),
            gxe.ExpectColumnValuesToNotBeNull(column="source_uri", meta=_why("readers must find the original")),
            gxe.ExpectColumnValuesToBeBetween(column="word_count", min_value=15,
                                              meta=_why("a document of a few words is boilerplate, not news")),
            gxe.ExpectTableRowCountToBeBetween(min_value=1, meta=_why("the sample data always give documents")),
            *_not_future("published_date"),
        ],
        "agreement_mentions": [
            *_key("mention_id"),
            *_evidence(),
            _known_doc(),
            gxe.ExpectColumnValuesToBeInSet(column="agreement_type", value_set=AGREEMENT_TYPES,
                                            meta=_why("the agreement kinds the marts contract lists")),
            gxe.ExpectColumnValuesToNotBeNull(column="name", meta=_why("an agreement needs a name")),
            gxe.ExpectColumnValuesToBeBetween(column="party_count", min_value=1,
                                              meta=_why("an agreement has at least one party")),
            gxe.ExpectColumnValuesToBeInSet(column="date_precision", value_set=["day", "month", "year"],
                                            meta=_why("precision says how much of signed_date is real")),
            *_not_future("signed_date"),
        ],
        "agreements": [
            *_key("agreement_key"),
            gxe.ExpectColumnValuesToBeInSet(column="agreement_type", value_set=AGREEMENT_TYPES,
                                            meta=_why("the agreement kinds the marts contract lists")),
            gxe.ExpectColumnValuesToBeBetween(column="doc_count", min_value=1,
                                              meta=_why("every agreement comes from a document")),
            *_not_future("signed_date"),
        ],
        "funding": [
            *_key("funding_id"),
            *_evidence(),
            _known_doc(),
            gxe.ExpectColumnValuesToBeBetween(
                column="amount_usd", min_value=1_000, max_value=10**13,
                meta=_why("below $1,000 is a price or a typo; above $10 trillion exceeds any economy"),
            ),
            gxe.ExpectColumnValuesToBeBetween(
                column="amount_text_position", min_value=1,
                meta=_why("amount_text must be found in evidence, or the row is not traceable"),
            ),
            gxe.ExpectColumnValuesToBeInSet(column="qualifier", value_set=QUALIFIERS,
                                            meta=_why("qualifier vocabulary of the marts contract")),
            gxe.ExpectColumnValuesToBeInSet(column="flow_type", value_set=FLOW_TYPES,
                                            meta=_why("flow_type vocabulary of the marts contract")),
            gxe.ExpectColumnValuesToBeInSet(column="status", value_set=STATUSES,
                                            meta=_why("status vocabulary of the marts contract")),
        ],
        "mineral_mentions": [
            *_evidence(),
            _known_doc(),
            in_vocab(),
            gxe.ExpectCompoundColumnsToBeUnique(column_list=["doc_id", "mineral"],
                                                meta=_why("one row per mineral per document")),
        ],
        "minerals": [
            *_key("mineral"),
            in_vocab(),
            gxe.ExpectTableRowCountToBeBetween(min_value=60, meta=_why("the seed lists the 60 USGS 2025 minerals")),
        ],
        "mineral_facts": [
            *_key("fact_id"),
            *_evidence(),
            _known_doc(),
            in_vocab(),
            gxe.ExpectColumnValuesToNotBeNull(column="value", meta=_why("a fact without a value is no fact")),
        ],
    }


@dataclass
class GateResult:
    success: bool
    failures: list[str] = field(default_factory=list)
    data_docs: Path | None = None
    batch_dir: Path | None = None
    row_counts: dict[str, int] = field(default_factory=dict)


def batch_dir(settings: Settings) -> Path:
    return settings.gx_project_dir / BATCH_SUBDIR


def export_batches(settings: Settings) -> dict[str, int]:
    """Write every table to Parquet in the GX batch folder; the files are validated, then published."""
    out = batch_dir(settings)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    counts = {}
    with connect(settings.warehouse, read_only=True) as con:
        for table, sql in TABLES.items():
            con.execute(f"COPY ({sql}) TO '{out / (table + '.parquet')}' (FORMAT parquet)")
            counts[table] = con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]
    return counts


def _sync_suite(context, name: str, expectations: list[gxe.Expectation]):
    """Create the suite, or rewrite it only when the code's expectations differ from the stored ones."""
    def signature(items) -> list[str]:
        return sorted(repr({k: v for k, v in e.configuration.to_json_dict().items() if k != "id"}) for e in items)

    try:
        suite = context.suites.get(name)
    except Exception:  # DataContextError when the suite does not exist yet
        suite = context.suites.add(gx.ExpectationSuite(name=name, meta=_why(f"quality gate for {name}")))
    if signature(suite.expectations) != signature(expectations):
        for e in list(suite.expectations):
            suite.delete_expectation(e)
        for e in expectations:
            suite.add_expectation(e)
        suite.save()
    return suite


def ensure_context(settings: Settings):
    """Get the committed file context, creating any object that is missing (first run, new table)."""
    context = gx.get_context(mode="file", project_root_dir=".")
    try:
        datasource = context.data_sources.get(DATASOURCE)
    except (KeyError, ValueError):
        datasource = context.data_sources.add_pandas_filesystem(DATASOURCE, base_directory=BATCH_SUBDIR)
    validation_defs = []
    for table, expectations in build_suites().items():
        suite = _sync_suite(context, table, expectations)
        try:
            asset = datasource.get_asset(table)
        except LookupError:
            asset = datasource.add_parquet_asset(table)
        try:
            batch_def = asset.get_batch_definition(table)
        except (KeyError, ValueError):
            batch_def = asset.add_batch_definition_path(table, path=f"{table}.parquet")
        try:
            vd = context.validation_definitions.get(table)
        except Exception:
            vd = context.validation_definitions.add(gx.ValidationDefinition(name=table, data=batch_def, suite=suite))
        validation_defs.append(vd)
    try:
        checkpoint = context.checkpoints.get(CHECKPOINT)
    except Exception:
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name=CHECKPOINT,
                validation_definitions=validation_defs,
                actions=[UpdateDataDocsAction(name="update_data_docs")],
            )
        )
    return context, checkpoint


def run_gate(settings: Settings) -> GateResult:
    counts = export_batches(settings)
    with connect(settings.warehouse, read_only=True) as con:
        doc_ids = [r[0] for r in con.execute("SELECT doc_id FROM marts.documents").fetchall()]
    params = {"doc_ids": doc_ids, "min_date": date(1900, 1, 1), "today": date.today()}
    # The datasource's folder is stored relative (the context is committed and must work from any checkout);
    # GX resolves it against the working directory.
    with chdir(settings.gx_project_dir):
        context, checkpoint = ensure_context(settings)
        result = checkpoint.run(expectation_parameters=params)
    failures = []
    for vr in result.run_results.values():
        suite_name = vr.suite_name
        for r in vr.results:
            if not r.success:
                cfg = r.expectation_config
                column = cfg.kwargs.get("column") or cfg.kwargs.get("column_list") or ""
                why = (cfg.meta or {}).get("why", "")
                failures.append(f"{suite_name}: {cfg.type}({column}) failed — {why}")
    return GateResult(
        success=bool(result.success), failures=failures, data_docs=settings.gx_data_docs_index,
        batch_dir=batch_dir(settings), row_counts=counts,
    )
