-- One row per real-world agreement, deduplicated across documents by agreement_key.
select
    m.agreement_key,
    arg_min(m.agreement_type, d.published_date) as agreement_type,
    arg_max(m.name, length(m.name)) as name,
    arg_max(m.parties, len(m.parties)) as parties,
    arg_max(m.topic, coalesce(length(m.topic), 0)) as topic,
    min(m.signed_date) as signed_date,
    min(coalesce(d.published_date, cast(d.ingested_at as date))) as first_seen,
    max(coalesce(d.published_date, cast(d.ingested_at as date))) as last_seen,
    sum(m.mention_count) as mention_count,
    count(distinct m.doc_id) as doc_count
from {{ ref('agreement_mentions') }} as m
inner join {{ ref('documents') }} as d using (doc_id)
group by m.agreement_key
