-- Latest version of each document: renaming and typing only.
with ranked as (
    select
        *,
        row_number() over (partition by doc_id order by version desc) as version_rank
    from {{ source('raw', 'documents') }}
)

select
    doc_id,
    version,
    content_hash,
    source_uri,
    source_kind,
    source_format,
    cast(title as varchar) as title,
    cast(author as varchar) as author,
    cast(published_date as date) as published_date,
    date_source,
    site_name,
    lower(language) as language,
    canonical_url,
    tags,
    text,
    cast(fetched_at as timestamptz) as fetched_at,
    cast(ingested_at as timestamptz) as ingested_at
from ranked
where version_rank = 1
