select
    doc_id,
    source_uri,
    source_kind,
    source_format,
    version,
    title,
    author,
    published_date,
    date_source,
    site_name,
    language,
    canonical_url,
    len(regexp_extract_all(text, '\S+')) as word_count,
    ingested_at
from {{ ref('stg_documents') }}
