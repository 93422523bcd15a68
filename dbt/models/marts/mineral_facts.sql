select
    md5(doc_id || ':' || sentence_no || ':' || mineral || ':' || metric || ':' || value) as fact_id,
    doc_id,
    country,
    mineral,
    metric,
    value,
    unit,
    pattern_id,
    sentence_no as evidence_sentence_no,
    evidence,
    confidence
from {{ ref('int_mineral_facts') }}
-- The same fact stated twice (headline and body) is one fact.
qualify row_number() over (partition by doc_id, mineral, metric, value order by confidence desc, sentence_no) = 1
