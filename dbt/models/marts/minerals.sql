-- One row per mineral of the vocabulary, with how often the documents mention it.
with seen as (
    select
        m.mineral,
        count(distinct m.doc_id) as doc_count,
        sum(m.mention_count) as mention_count,
        min(coalesce(d.published_date, cast(d.ingested_at as date))) as first_seen,
        max(coalesce(d.published_date, cast(d.ingested_at as date))) as last_seen
    from {{ ref('mineral_mentions') }} as m
    inner join {{ ref('documents') }} as d using (doc_id)
    group by m.mineral
)

select
    v.mineral,
    v.symbol,
    v.on_usgs_2022_list,
    v.on_usgs_2025_list,
    coalesce(s.doc_count, 0) as doc_count,
    coalesce(s.mention_count, 0) as mention_count,
    s.first_seen,
    s.last_seen
from {{ ref('mineral_catalog') }} as v
left join seen as s using (mineral)
